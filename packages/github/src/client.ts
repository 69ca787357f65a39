import { context, getOctokit } from '@actions/github';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** An Octokit for the REST API at GITHUB_API_URL (read when called, so GHES and test stand-ins work). */
export function createGitHubClient(token: string, baseUrl = process.env.GITHUB_API_URL): GitHubClient {
  return getOctokit(token, baseUrl ? { baseUrl } : {});
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export function currentRepo(): RepoRef {
  const full = process.env.GITHUB_REPOSITORY ?? '';
  const [owner, repo] = full.split('/');
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set (owner/name)');
  return { owner, repo };
}

/** The pull request the workflow runs for, if any (pull_request and pull_request_target events). */
export function currentPullRequest(): number | undefined {
  const pr = context.payload.pull_request as { number?: unknown } | undefined;
  return typeof pr?.number === 'number' ? pr.number : undefined;
}

/** True for "the token may not do this": a 403 (e.g. "Resource not accessible by integration"). */
export function isPermissionError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 403;
}

export function describeGitHubError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { status, message } = error as { status?: unknown; message?: unknown };
    const text = typeof message === 'string' ? (message.split('\n')[0] ?? '') : 'unknown error';
    return typeof status === 'number' ? `HTTP ${status}: ${text}` : text;
  }
  return String(error);
}
