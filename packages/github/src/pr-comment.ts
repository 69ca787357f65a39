import { fitBody, hiddenMarker } from './body';
import { describeGitHubError, isPermissionError, type GitHubClient, type RepoRef } from './client';

export interface UpsertCommentOptions extends RepoRef {
  issueNumber: number;
  /** Identifies this action's comment (e.g. `snyk-scan/open-source`). */
  id: string;
  body: string;
}

export type CommentOutcome =
  { outcome: 'created' | 'updated'; commentId: number; url: string } | { outcome: 'forbidden'; message: string };

/**
 * One comment per pull request and id: finds the earlier one by its hidden marker and edits it, or creates it.
 * A 403 (no `pull-requests: write`) comes back as `forbidden` for the caller to warn about, never thrown.
 */
export async function upsertPullRequestComment(
  octokit: GitHubClient,
  options: UpsertCommentOptions,
): Promise<CommentOutcome> {
  const marker = hiddenMarker(options.id);
  const body = fitBody(marker, options.body);
  const { owner, repo, issueNumber } = options;
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    const existing = comments.find((c) => c.body?.includes(marker));
    if (existing) {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
      return { outcome: 'updated', commentId: data.id, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    return { outcome: 'created', commentId: data.id, url: data.html_url };
  } catch (error) {
    if (isPermissionError(error)) {
      return {
        outcome: 'forbidden',
        message: `cannot comment on pull request #${issueNumber} (${describeGitHubError(error)}); give the job 'pull-requests: write'`,
      };
    }
    throw error;
  }
}
