/**
 * Where each action's failure message and job summary send a person: the runbooks in docs/runbooks, at the release
 * the actions come from (`npm run check-docs` fails when a runbook named here or linked anywhere does not exist).
 */

export const RUNBOOK_BASE = 'https://github.com/Great-Sun-Group/credex-actions/blob/v1/docs/runbooks';

export const RUNBOOKS = {
  deployRolledBack: { title: 'deploy rolled back', url: `${RUNBOOK_BASE}/deploy-rolled-back.md` },
  deployStuck: { title: 'deploy stuck or failed', url: `${RUNBOOK_BASE}/deploy-stuck.md` },
  smokeFailing: { title: 'smoke test failing after a deploy', url: `${RUNBOOK_BASE}/smoke-failing-after-deploy.md` },
  dcoRefusedOrFailed: { title: 'DCO refused or failed', url: `${RUNBOOK_BASE}/dco-refused-or-failed.md` },
  licenseNearExpiry: { title: 'Neo4j license near expiry', url: `${RUNBOOK_BASE}/neo4j-license-near-expiry.md` },
} as const;

export type Runbook = (typeof RUNBOOKS)[keyof typeof RUNBOOKS];

/** For a one-line failure message: ` (runbook: <url>)`. */
export function runbookSuffix(runbook: Runbook): string {
  return ` (runbook: ${runbook.url})`;
}

/** For a job summary: a line that links the runbook. */
export function runbookSummary(runbook: Runbook): string {
  return `\n> **Runbook:** [${runbook.title}](${runbook.url})\n`;
}
