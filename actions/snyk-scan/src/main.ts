import { appendSummary, failStep, log, setOutput, type ActionContext } from '@credex/action-kit';
import {
  createGitHubClient,
  currentPullRequest,
  currentRepo,
  describeGitHubError,
  upsertPullRequestComment,
} from '@credex/github';
import { escapeHtml, fitSarifToGitHub, JOB_SUMMARY_MAX_BYTES, truncate, writeTextReport } from '@credex/reports';
import {
  cleanWithoutReport,
  describeExitCode,
  evaluateGate,
  locateSnyk,
  parseSnykReport,
  runSnyk,
  snykArguments,
  snykErrorMessage,
  snykSummary,
  snykToSarif,
  SnykReportError,
  type SnykProject,
} from '@credex/snyk';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { NO_TOKEN, type Inputs } from './inputs';

const NAME = 'snyk-scan';

/** What the scan produced: projects to judge, or an error already reported. */
type Scan = { projects: SnykProject[] } | { error: string };

export async function main(inputs: Inputs, { signal }: ActionContext): Promise<void> {
  const title = `Snyk ${inputs.scanType}${inputs.image ? ` (${inputs.image})` : ''}`;

  let scan: Scan | undefined;
  if (inputs.fromReport) {
    log.info(`Evaluating ${inputs.fromReport} (from-report); the Snyk CLI is not run`);
    const bytes = readFileSync(inputs.fromReport);
    if (inputs.fromReport !== inputs.jsonFile) {
      mkdirSync(dirname(inputs.jsonFile), { recursive: true });
      writeFileSync(inputs.jsonFile, bytes);
    }
    scan = read(bytes);
  } else {
    if (!inputs.token) {
      // readInputs has failed the step already when if-no-token is fail.
      log.warning(`${NAME}: ${NO_TOKEN}; the scan is SKIPPED (if-no-token: skip) - this is not a pass`);
      setOutput('result', 'skipped');
      await appendSummary(`### ${title}: ⚪ skipped\n\n> No Snyk token, so nothing was scanned (if-no-token: skip).\n`);
      return;
    }
    scan = await runCli(inputs, signal);
  }
  if ('error' in scan) return reportError(title, scan.error);

  const projects = scan.projects;
  const errors = projects.filter((p) => p.error !== undefined);
  // Nothing was tested: that is an error to report, not a result to upload (an empty SARIF would close alerts).
  if (errors.length === projects.length) {
    return reportError(title, errors.map((p) => `${p.name}: ${p.error}`).join('; '));
  }

  const result = evaluateGate(projects, inputs);
  const sarif = fitSarifToGitHub(
    snykToSarif(projects, {
      scanType: inputs.scanType,
      fallbackLocation: inputs.sarifLocation,
      ignored: result.ignored,
    }),
    { category: inputs.sarifCategory },
  );
  await writeTextReport(inputs.sarifFile, sarif.text);
  // Set only once the files exist, so an upload step guarded on them never meets a missing file.
  if (existsSync(inputs.jsonFile)) setOutput('json-file', inputs.jsonFile);
  setOutput('sarif-file', inputs.sarifFile);
  for (const note of sarif.notes) log.warning(`${NAME}: SARIF for code scanning: ${note}`);

  for (const rule of result.expired) {
    log.warning(
      `${NAME}: the ignore for ${rule.id} expired on ${rule.expires?.toISOString().slice(0, 10)} and no longer applies (reason was: ${rule.reason})`,
    );
  }
  for (const { project, error } of result.errors) log.error(`${NAME}: Snyk could not test ${project}: ${error}`);
  for (const [severity, count] of Object.entries(result.counts)) setOutput(severity, count);
  setOutput('failing', result.failing.length);
  setOutput('vulnerable', result.findings.length > 0);
  setOutput('passed', result.passed);
  const outcome = result.passed ? 'passed' : result.failing.length ? 'failed' : 'error';
  setOutput('result', outcome);

  const markdown = snykSummary(result, { title, gate: inputs, sarifNotes: sarif.notes });
  await appendSummary(truncate(markdown, { maxBytes: JOB_SUMMARY_MAX_BYTES - 4096 }).text);
  // GitHub being unavailable must not change the scan's verdict: report it and go on to the gate.
  await commentOnPr(inputs, markdown).catch((error: unknown) =>
    log.warning(`${NAME}: could not update the PR comment: ${describeGitHubError(error)}`),
  );
  const snykIgnored = result.ignored.filter((i) => i.source === 'snyk').length;
  log.info(
    `${title}: ${result.counts.critical} critical, ${result.counts.high} high, ${result.counts.medium} medium, ${result.counts.low} low; ${result.ignored.length} ignored${snykIgnored ? ` (${snykIgnored} in Snyk)` : ''}; ${result.failing.length} fail the gate`,
  );
  if (!result.passed) {
    const what = result.failing.length
      ? `gate failed: ${result.failing.length} issue(s) at or above ${inputs.severityThreshold} (fail-on: ${inputs.failOn})`
      : `Snyk could not test ${result.errors.length} project(s)`;
    failStep(NAME, `${what}; SARIF at ${relative(inputs.workspace, inputs.sarifFile)}`);
  }
}

function read(bytes: Uint8Array): Scan {
  try {
    return { projects: parseSnykReport(bytes) };
  } catch (error) {
    if (error instanceof SnykReportError) return { error: `the Snyk report cannot be read: ${error.message}` };
    throw error;
  }
}

async function runCli(inputs: Inputs, signal: AbortSignal): Promise<Scan> {
  const installDir = join(process.env.RUNNER_TEMP ?? inputs.workspace, 'snyk-cli');
  const executable = await locateSnyk(inputs.cliVersion, installDir, (line) => log.info(line));
  mkdirSync(dirname(inputs.jsonFile), { recursive: true });
  mkdirSync(dirname(inputs.sarifFile), { recursive: true });
  // The CLI's own SARIF is kept beside ours for reference; ours is the one fixed for code scanning.
  const cliSarif = inputs.sarifFile.replace(/(\.sarif)?$/, '.snyk-cli.sarif');
  const args = snykArguments({
    scanType: inputs.scanType,
    allProjects: inputs.allProjects,
    target: inputs.image,
    args: inputs.args,
    jsonFile: inputs.jsonFile,
    sarifFile: cliSarif,
  });
  log.info(`Running: snyk ${args.join(' ')}`);
  const run = await log.group(`snyk ${args.slice(0, 2).join(' ')}`, () =>
    runSnyk(executable, args, inputs.token!, (line) => log.info(line), signal),
  );
  const { outcome, meaning } = describeExitCode(run.exitCode);
  log.info(`snyk exited with ${run.exitCode}: ${meaning}`);
  const report = existsSync(inputs.jsonFile) ? readFileSync(inputs.jsonFile) : undefined;
  if (outcome === 'clean' || outcome === 'issues') {
    if (report) return read(report);
    if (cleanWithoutReport(inputs.scanType, run.exitCode)) {
      log.info('Snyk Code found no issues (it writes no JSON file when there are none)');
      return { projects: [{ name: 'source code', findings: [] }] };
    }
    return { error: `snyk exited with ${run.exitCode} but wrote no JSON report at ${inputs.jsonFile}` };
  }
  const detail = reportErrors(report) ?? snykErrorMessage(run.stdout, run.stderr);
  return { error: `${meaning} (snyk exit ${run.exitCode})${detail ? `: ${detail}` : ''}` };
}

/** The errors in a JSON report Snyk wrote for a failed run, if it wrote one. */
function reportErrors(report: Uint8Array | undefined): string | undefined {
  if (!report) return undefined;
  try {
    const errors = parseSnykReport(report)
      .map((p) => p.error)
      .filter((e): e is string => e !== undefined);
    return errors.length ? errors.join('; ') : undefined;
  } catch {
    return undefined;
  }
}

/** Snyk could not give a result: say so as an error (not a failed gate) and set no SARIF to upload. */
async function reportError(title: string, message: string): Promise<void> {
  setOutput('result', 'error');
  setOutput('passed', false);
  await appendSummary(
    `### ${escapeHtml(title)}: ⚠️ error\n\nSnyk could not produce a result, so nothing was judged and no SARIF was written.\n\n> ${escapeHtml(message)}\n`,
  );
  failStep(NAME, message);
}

async function commentOnPr(inputs: Inputs, markdown: string): Promise<void> {
  if (!inputs.commentOnPr) return;
  const pr = currentPullRequest();
  if (pr === undefined) {
    log.info('comment-on-pr: not a pull request event; no comment');
    return;
  }
  const outcome = await upsertPullRequestComment(createGitHubClient(inputs.githubToken!), {
    ...currentRepo(),
    issueNumber: pr,
    id: `${NAME}/${inputs.scanType}${inputs.image ? `/${inputs.image}` : ''}`,
    body: markdown,
  });
  if (outcome.outcome === 'forbidden') log.warning(`${NAME}: ${outcome.message}`);
  else log.info(`PR comment ${outcome.outcome}: ${outcome.url}`);
}
