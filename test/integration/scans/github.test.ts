import { GITHUB_COMMENT_MAX_CHARS } from '@credex/reports';
import { createGitHubClient, upsertPullRequestComment, upsertTrackingIssue, readState } from '@credex/github';
import { GitHubStandIn } from './github-standin';

// Everything goes through @actions/github's Octokit to a loopback stand-in of the REST API.
describe('GitHub comment and issue upserts (loopback REST stand-in)', () => {
  let api: GitHubStandIn;
  const repo = { owner: 'credex', repo: 'credex-core' };

  beforeEach(async () => {
    api = new GitHubStandIn();
    await api.start();
  });
  afterEach(async () => api.stop());

  it('creates one PR comment, then finds it by its marker (on page 2) and edits it', async () => {
    const octokit = createGitHubClient('ghs_test_token', api.url);
    api.addIssue({ number: 7, pull_request: {} });
    for (let i = 0; i < 120; i++) api.addComment(7, `someone else's comment ${i}`);
    const first = await upsertPullRequestComment(octokit, {
      ...repo,
      issueNumber: 7,
      id: 'snyk-scan/open-source',
      body: 'run 1',
    });
    expect(first.outcome).toBe('created');
    for (let i = 0; i < 5; i++) api.addComment(7, `later comment ${i}`);
    const second = await upsertPullRequestComment(octokit, {
      ...repo,
      issueNumber: 7,
      id: 'snyk-scan/open-source',
      body: 'run 2',
    });
    expect(second).toMatchObject({ outcome: 'updated' });
    const ours = api.issues.get(7)!.comments.filter((c) => c.body.includes('credex-actions:snyk-scan/open-source'));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('run 2');
    expect(api.requests.filter((r) => r.method === 'GET' && r.path.includes('page=2')).length).toBeGreaterThan(0);
    expect(api.requests.every((r) => r.authorization === 'token ghs_test_token')).toBe(true);
    // A different id gets its own comment.
    const other = await upsertPullRequestComment(octokit, { ...repo, issueNumber: 7, id: 'zap-scan', body: 'zap' });
    expect(other.outcome).toBe('created');
  });

  it('cuts a huge body to GitHub limit and keeps the marker', async () => {
    const octokit = createGitHubClient('t0ken', api.url);
    api.addIssue({ number: 3, pull_request: {} });
    await upsertPullRequestComment(octokit, { ...repo, issueNumber: 3, id: 'zap-scan', body: 'x'.repeat(200_000) });
    const body = api.issues.get(3)!.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_CHARS);
    expect(body.startsWith('<!-- credex-actions:zap-scan -->')).toBe(true);
    expect(body).toContain("cut to fit GitHub's limit");
  });

  it('turns a 403 into a forbidden outcome instead of throwing', async () => {
    const octokit = createGitHubClient('t0ken', api.url);
    api.addIssue({ number: 9, pull_request: {} });
    api.forbidWrites = true;
    const result = await upsertPullRequestComment(octokit, { ...repo, issueNumber: 9, id: 'x', body: 'b' });
    expect(result).toEqual({
      outcome: 'forbidden',
      message: expect.stringMatching(
        /HTTP 403: Resource not accessible by integration.*pull-requests: write/,
      ) as string,
    });
    const issue = await upsertTrackingIssue(octokit, {
      ...repo,
      title: 'ZAP',
      id: 'zap',
      body: 'b',
      items: [{ key: 'a', label: 'A' }],
    });
    expect(issue.outcome).toBe('forbidden');
  });

  it('keeps one issue: create, comment new/resolved, close when clean', async () => {
    const octokit = createGitHubClient('t0ken', api.url);
    const base = { ...repo, title: 'ZAP scan: staging', id: 'zap-scan/staging' };
    api.addIssue({ number: 1, title: 'ZAP scan: staging', body: 'made by hand, no marker' });
    const none = await upsertTrackingIssue(octokit, { ...base, body: 'clean', items: [] });
    expect(none.outcome).toBe('none');

    const a = { key: '10038', label: 'CSP header not set' };
    const b = { key: '10021', label: 'X-Content-Type-Options missing' };
    const c = { key: '40012', label: 'Reflected XSS' };
    const created = await upsertTrackingIssue(octokit, { ...base, body: 'report 1', items: [a, b] });
    expect(created).toMatchObject({ outcome: 'created', issueNumber: 2 });
    expect(readState<{ items: unknown[] }>(api.issues.get(2)!.body)?.items).toEqual([a, b]);

    const same = await upsertTrackingIssue(octokit, { ...base, body: 'report 2', items: [a, b] });
    expect(same.outcome).toBe('unchanged');
    expect(api.issues.get(2)!.body).toContain('report 2');

    const changed = await upsertTrackingIssue(octokit, {
      ...base,
      body: 'report 3',
      items: [b, c],
      runUrl: 'https://x/run/1',
    });
    expect(changed).toMatchObject({ outcome: 'updated', added: [c], resolved: [a] });
    const comment = api.issues.get(2)!.comments.at(-1)!.body;
    expect(comment).toMatch(/New \(1\)[\s\S]*Reflected XSS[\s\S]*Resolved \(1\)[\s\S]*CSP header not set/);

    const closed = await upsertTrackingIssue(octokit, { ...base, body: 'clean', items: [] });
    expect(closed).toMatchObject({ outcome: 'closed', resolved: [b, c] });
    expect(api.issues.get(2)).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(api.issues.get(1)).toMatchObject({ state: 'open', body: 'made by hand, no marker' });
  });
});
