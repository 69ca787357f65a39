import { markdownTable } from '@credex/reports';
import { fitBody, hiddenMarker, readState, stateComment } from './body';
import { describeGitHubError, isPermissionError, type GitHubClient, type RepoRef } from './client';

export interface TrackedItem {
  /** Stable identity across runs (e.g. plugin id + alert ref + risk). */
  key: string;
  /** How it is shown in the new/resolved lists. */
  label: string;
}

export interface TrackingIssueOptions extends RepoRef {
  title: string;
  /** Identifies issues this action keeps (with the title). */
  id: string;
  /** The report, markdown. */
  body: string;
  items: TrackedItem[];
  /** Link to the run, for comments. */
  runUrl?: string;
}

export type IssueOutcome =
  | { outcome: 'none' }
  | {
      outcome: 'created' | 'updated' | 'unchanged' | 'closed';
      issueNumber: number;
      url: string;
      added: TrackedItem[];
      resolved: TrackedItem[];
    }
  | { outcome: 'forbidden'; message: string };

interface StoredState {
  items: TrackedItem[];
}

/** Hidden state must leave room for the report in a 65,536-character body: shorten labels, then drop them. */
const STATE_BUDGET = 24_000;
export function compactItems(items: TrackedItem[]): TrackedItem[] {
  for (const max of [Infinity, 80, 40]) {
    const cut = items.map((i) => ({
      key: i.key,
      label: i.label.length > max ? `${i.label.slice(0, max - 1)}…` : i.label,
    }));
    if (stateComment({ items: cut }).length <= STATE_BUDGET) return cut;
  }
  return items.map((i) => ({ key: i.key, label: i.key }));
}

function list(title: string, items: TrackedItem[]): string {
  if (!items.length) return '';
  return `**${title} (${items.length})**\n\n${markdownTable(
    ['Alert'],
    items.map((i) => [i.label]),
  )}`;
}

/**
 * Keeps one open issue up to date with a scan: creates it when there is something to report, edits its body each
 * run and comments with what is new or resolved since the last run (compared with the state kept hidden in the
 * body), and closes it when the scan is clean.
 */
export async function upsertTrackingIssue(octokit: GitHubClient, options: TrackingIssueOptions): Promise<IssueOutcome> {
  const { owner, repo, title } = options;
  const marker = hiddenMarker(options.id);
  const head = `${marker}\n${stateComment({ items: compactItems(options.items) } satisfies StoredState)}`;
  const body = fitBody(head, options.body);
  try {
    const open = await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: 'open', per_page: 100 });
    const existing = open.find((i) => !i.pull_request && i.title === title && i.body?.includes(marker));
    if (!existing) {
      if (options.items.length === 0) return { outcome: 'none' };
      const { data } = await octokit.rest.issues.create({ owner, repo, title, body });
      return { outcome: 'created', issueNumber: data.number, url: data.html_url, added: options.items, resolved: [] };
    }
    const previous = readState<StoredState>(existing.body)?.items ?? [];
    const before = new Set(previous.map((i) => i.key));
    const now = new Set(options.items.map((i) => i.key));
    const added = options.items.filter((i) => !before.has(i.key));
    const resolved = previous.filter((i) => !now.has(i.key));
    const issue_number = existing.number;
    await octokit.rest.issues.update({ owner, repo, issue_number, body });
    const run = options.runUrl ? ` ([run](${options.runUrl}))` : '';
    if (options.items.length === 0) {
      const comment = fitBody(marker, `All alerts are resolved${run}; closing.\n\n${list('Resolved', resolved)}`);
      await octokit.rest.issues.createComment({ owner, repo, issue_number, body: comment });
      await octokit.rest.issues.update({ owner, repo, issue_number, state: 'closed', state_reason: 'completed' });
      return { outcome: 'closed', issueNumber: issue_number, url: existing.html_url, added, resolved };
    }
    if (added.length || resolved.length) {
      const text = [`Changes since the last scan${run}:`, list('New', added), list('Resolved', resolved)].join('\n\n');
      await octokit.rest.issues.createComment({ owner, repo, issue_number, body: fitBody(marker, text) });
      return { outcome: 'updated', issueNumber: issue_number, url: existing.html_url, added, resolved };
    }
    return { outcome: 'unchanged', issueNumber: issue_number, url: existing.html_url, added, resolved };
  } catch (error) {
    if (isPermissionError(error)) {
      return {
        outcome: 'forbidden',
        message: `cannot keep issue "${title}" (${describeGitHubError(error)}); give the job 'issues: write'`,
      };
    }
    throw error;
  }
}
