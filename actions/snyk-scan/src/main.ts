import { appendSummary, failStep, log, setOutput, type ActionContext } from '@credex/action-kit';
import {
  createGitHubClient,
  currentPullRequest,
  currentRepo,
  describeGitHubError,
  upsertPullRequestComment,
} from '@credex/github';
import { JOB_SUMMARY_MAX_BYTES, truncate, writeJsonReport } from '@credex/reports';
import {
  describeExitCode,
  evaluateGate,
  locateSnyk,
  parseSnykReport,
  runSnyk,
  snykArguments,
  snykSummary,
  snykToSarif,
  SnykReportError,
  type GateResult,
} from '@credex/snyk';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { NO_TOKEN, type Inputs } from './inputs';

const NAME = 'snyk-scan';

export async function main(inputs: Inputs, { signal }: ActionContext): Promise<void> {
  const title = `Snyk ${inputs.scanType}${inputs.image ? ` (${inputs.image})` : ''}`;

  let reportText: Uint8Array;
  if (inputs.fromReport) {
    log.info(`Evaluating ${inputs.fromReport} (from-report); the Snyk CLI is not run`);
    reportText = readFileSync(inputs.fromReport);
    if (inputs.fromReport !== inputs.jsonFile) {
      mkdirSync(dirname(inputs.jsonFile), { recursive: true });
      writeFileSync(inputs.jsonFile, reportText);
    }
  } else {
    if (!inputs.token) {
      // readInputs has failed the step already when if-no-token is fail.
      log.warning(`${NAME}: ${NO_TOKEN}; the scan is SKIPPED (if-no-token: skip) - this is not a pass`);
      setOutput('result', 'skipped');
      await appendSummary(`### ${title}: ⚪ skipped\n\n> No Snyk token, so nothing was scanned (if-no-token: skip).\n`);
      return;
    }
    const bytes = await runCli(inputs, signal);
    if (bytes === undefined) return;
    reportText = bytes;
  }

  let result: GateResult;
  try {
    const projects = parseSnykReport(reportText);
    result = evaluateGate(projects, inputs);
    const sarif = snykToSarif(projects, { scanType: inputs.scanType, fallbackLocation: inputs.sarifLocation });
    await writeJsonReport(inputs.sarifFile, sarif);
    // Set only once the files exist, so an upload step guarded on them never meets a missing file.
    setOutput('json-file', inputs.jsonFile);
    setOutput('sarif-file', inputs.sarifFile);
  } catch (error) {
    if (error instanceof SnykReportError) {
      return fail(title, `the Snyk report cannot be read: ${error.message}`);
    }
    throw error;
  }

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
  setOutput('result', result.passed ? 'passed' : result.errors.length && !result.failing.length ? 'error' : 'failed');

  const markdown = snykSummary(result, { title, gate: inputs });
  await appendSummary(truncate(markdown, { maxBytes: JOB_SUMMARY_MAX_BYTES - 4096 }).text);
  // GitHub being unavailable must not change the scan's verdict: report it and go on to the gate.
  await commentOnPr(inputs, markdown).catch((error: unknown) =>
    log.warning(`${NAME}: could not update the PR comment: ${describeGitHubError(error)}`),
  );
  log.info(
    `${title}: ${result.counts.critical} critical, ${result.counts.high} high, ${result.counts.medium} medium, ${result.counts.low} low; ${result.ignored.length} ignored; ${result.failing.length} fail the gate`,
  );
  if (!result.passed) {
    const what = result.failing.length
      ? `${result.failing.length} issue(s) at or above ${inputs.severityThreshold} (fail-on: ${inputs.failOn})`
      : `Snyk could not test ${result.errors.length} project(s)`;
    failStep(NAME, `gate failed: ${what}; SARIF at ${relative(inputs.workspace, inputs.sarifFile)}`);
  }
}

async function runCli(inputs: Inputs, signal: AbortSignal): Promise<Uint8Array | undefined> {
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
    if (!report) {
      await fail('Snyk', `snyk exited with ${run.exitCode} but wrote no JSON report at ${inputs.jsonFile}`);
      return undefined;
    }
    return report;
  }
  const detail = errorDetail(report, run.stdout, run.stderr);
  await fail('Snyk', `${meaning} (snyk exit ${run.exitCode})${detail ? `: ${detail}` : ''}`);
  return undefined;
}

/** The error Snyk gave, from its JSON report if it wrote one, else the last line it printed. */
function errorDetail(report: Uint8Array | undefined, stdout: string, stderr: string): string | undefined {
  if (report) {
    try {
      const errors = parseSnykReport(report)
        .map((p) => p.error)
        .filter((e): e is string => e !== undefined);
      if (errors.length) return errors.join('; ');
    } catch {
      // fall through to the printed output
    }
  }
  const last = (text: string): string | undefined =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1);
  return last(stderr) ?? last(stdout);
}

async function fail(title: string, message: string): Promise<void> {
  setOutput('result', 'error');
  setOutput('passed', false);
  await appendSummary(`### ${title}: ❌ error\n\n${message}\n`);
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
