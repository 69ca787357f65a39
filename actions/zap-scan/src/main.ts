import { appendSummary, ConfigurationError, failStep, log, setOutput, type ActionContext } from '@credex/action-kit';
import {
  createGitHubClient,
  currentPullRequest,
  describeGitHubError,
  currentRepo,
  upsertPullRequestComment,
  upsertTrackingIssue,
} from '@credex/github';
import { HttpFailure } from '@credex/http';
import { escapeHtml, fitSarifToGitHub, JOB_SUMMARY_MAX_BYTES, truncate, writeTextReport } from '@credex/reports';
import {
  DefinitionUploadError,
  describeZapExit,
  dockerArguments,
  dockerFailureReason,
  evaluateAlerts,
  exclusionWarning,
  hookScript,
  onlyTargetSite,
  parseZapReport,
  ruleId,
  runDaemonScan,
  zapApi,
  zapSummary,
  zapToSarif,
  ZapApiError,
  ZapReportError,
  type ApiDefinition,
  type Evaluation,
} from '@credex/zap';
import { getExecOutput } from '@actions/exec';
import { which } from '@actions/io';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { joinWorkspace, type Inputs } from './inputs';

const NAME = 'zap-scan';

export async function main(inputs: Inputs, { signal }: ActionContext): Promise<void> {
  const docker = inputs.fromReport || inputs.zapApiUrl ? undefined : await which('docker', false);
  if (!inputs.fromReport && !inputs.zapApiUrl && !docker) {
    throw new ConfigurationError(
      'cannot scan: Docker is not on PATH and zap-api-url is not set (use a runner with Docker, set zap-api-url to a running ZAP daemon, or from-report to evaluate a report)',
    );
  }
  const jsonReport = inputs.fromReport ?? joinWorkspace(inputs, inputs.reports.json);

  let reportText: string;
  let daemon = false;
  if (inputs.fromReport) {
    log.info(`Evaluating ${inputs.fromReport} (from-report); ZAP is not run`);
    reportText = readFileSync(inputs.fromReport, 'utf8');
  } else if (inputs.zapApiUrl) {
    daemon = true;
    const text = await scanWithDaemon(inputs, signal);
    if (text === undefined) return;
    reportText = text;
    await writeTextReport(jsonReport, reportText);
  } else {
    const text = await scanWithDocker(inputs, docker!, signal);
    if (text === undefined) return;
    reportText = text;
    setOutput('markdown-report', joinWorkspace(inputs, inputs.reports.markdown));
    setOutput('html-report', joinWorkspace(inputs, inputs.reports.html));
  }

  let evaluation: Evaluation;
  let sarifNotes: string[] = [];
  try {
    let report = parseZapReport(reportText);
    if (daemon && inputs.target) report = onlyTargetSite(report, inputs.target);
    evaluation = evaluateAlerts(report.alerts, {
      rules: inputs.rulesFile?.rules,
      excludePaths: inputs.excludeRegexes,
      failOnRisk: inputs.failOnRisk,
      minConfidence: inputs.minConfidence,
    });
    const sarif = fitSarifToGitHub(
      zapToSarif(evaluation.alerts, { location: inputs.sarifLocation, zapVersion: report.version }),
      { category: inputs.sarifCategory },
    );
    await writeTextReport(inputs.sarifFile, sarif.text);
    sarifNotes = sarif.notes;
    // Set only once the files exist, so an upload step guarded on them never meets a missing file.
    setOutput('json-report', jsonReport);
    setOutput('sarif-file', inputs.sarifFile);
  } catch (error) {
    if (error instanceof ZapReportError) return fail(`the ZAP report cannot be read: ${error.message}`);
    throw error;
  }
  for (const note of sarifNotes) log.warning(`${NAME}: SARIF for code scanning: ${note}`);
  const excluded = exclusionWarning(evaluation, inputs.excludePaths);
  if (excluded) log.warning(`${NAME}: ${excluded}`);

  const counts = evaluation.counts;
  for (const risk of ['high', 'medium', 'low', 'informational'] as const) setOutput(risk, counts[risk].alerts);
  setOutput('failing', evaluation.failing.length);
  setOutput('passed', evaluation.passed);
  setOutput('result', evaluation.passed ? 'passed' : 'failed');
  const title = `ZAP ${inputs.mode} scan`;
  const markdown = zapSummary(evaluation, {
    title,
    target: inputs.target ?? inputs.fromReport ?? '',
    failOnRisk: inputs.failOnRisk,
    note: excluded,
    sarifNotes,
  });
  await appendSummary(truncate(markdown, { maxBytes: JOB_SUMMARY_MAX_BYTES - 4096 }).text);
  // GitHub being unavailable must not change the scan's verdict: report it and go on to the gate.
  await publish(inputs, evaluation, markdown).catch((error: unknown) =>
    log.warning(`${NAME}: could not update GitHub (comment/issue): ${describeGitHubError(error)}`),
  );
  log.info(
    `${title}: ${counts.high.alerts} high, ${counts.medium.alerts} medium, ${counts.low.alerts} low, ${counts.informational.alerts} informational alerts; ${evaluation.failing.length} fail the gate`,
  );
  if (!evaluation.passed) {
    const names = evaluation.failing.slice(0, 5).map((a) => `${a.name} (${ruleId(a)}, ${a.risk})`);
    failStep(
      NAME,
      `gate failed: ${evaluation.failing.length} alert(s) at or above ${inputs.failOnRisk} risk or marked FAIL: ${names.join('; ')}${evaluation.failing.length > 5 ? '; …' : ''}`,
    );
  }
}

async function scanWithDocker(inputs: Inputs, docker: string, signal: AbortSignal): Promise<string | undefined> {
  const reportDir = joinWorkspace(inputs, dirname(inputs.reports.json));
  mkdirSync(reportDir, { recursive: true });
  // The ZAP image runs as its own user (uid 1000): the report folder must be writable for it.
  chmodSync(reportDir, 0o777);
  await writeTextReport(
    joinWorkspace(inputs, inputs.reports.hook),
    hookScript({ requestsPerMinute: inputs.requestRate, excludePaths: inputs.excludePaths }),
  );
  const rulesFile = inputs.rulesFile && mounted(inputs, inputs.rulesFile.path, 'rules.tsv');
  const definition =
    inputs.apiDefinition && !/^https?:\/\//i.test(inputs.apiDefinition)
      ? mounted(inputs, inputs.apiDefinition, basename(inputs.apiDefinition))
      : inputs.apiDefinition;
  const containerName = `zap-scan-${inputs.reports.json.replace(/^.*\//, '').replace(/\.json$/, '')}-${process.pid}`;
  const args = dockerArguments({
    mode: inputs.mode,
    image: inputs.dockerImage,
    workspace: inputs.workspace,
    target: inputs.target,
    definition,
    apiFormat: inputs.apiFormat,
    reports: inputs.reports,
    rulesFile,
    hookFile: inputs.reports.hook,
    spiderMinutes: inputs.spiderMinutes,
    zapOptions: inputs.zapOptions,
    containerName,
  });
  log.info(`Running: docker ${args.join(' ')}`);
  const run = getExecOutput(docker, args, {
    ignoreReturnCode: true,
    silent: true,
    listeners: { stdline: (line) => log.info(line), errline: (line) => log.info(line) },
  });
  let result: Awaited<typeof run>;
  try {
    result = await Promise.race([
      run,
      new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason as Error);
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      }),
    ]);
  } catch (error) {
    if (signal.aborted) {
      // Cancelled: remove the container now; the runner only ends our own process tree.
      log.info(`Cancelled: removing container ${containerName}`);
      await getExecOutput(docker, ['rm', '-f', containerName], { ignoreReturnCode: true, silent: true });
    }
    throw error;
  }
  const { completed, meaning } = describeZapExit(result.exitCode);
  log.info(`ZAP exited with ${result.exitCode}: ${meaning}`);
  const path = joinWorkspace(inputs, inputs.reports.json);
  if (!completed) {
    // 125-127 are docker's own failures (its reason is on stderr); 3 and others are ZAP's (its log is on stdout).
    const detail =
      result.exitCode >= 125 && result.exitCode <= 127
        ? dockerFailureReason(result.stderr)
        : `${result.stderr}\n${result.stdout}`
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .at(-1);
    await fail(`${meaning} (exit ${result.exitCode})${detail ? `: ${detail}` : ''}`);
    return undefined;
  }
  if (!existsSync(path)) {
    await fail(`ZAP exited with ${result.exitCode} but wrote no JSON report at ${inputs.reports.json}`);
    return undefined;
  }
  return readFileSync(path, 'utf8');
}

/**
 * A file the ZAP container must read, as a path relative to the mounted workspace: files elsewhere (RUNNER_TEMP)
 * are copied into the report folder first, since only the workspace is mounted.
 */
function mounted(inputs: Inputs, path: string, name: string): string {
  const inside = relative(inputs.workspace, path);
  if (!inside.startsWith('..') && !inside.startsWith('/')) return inside.split('\\').join('/');
  const copy = `${dirname(inputs.reports.json)}/${basename(inputs.reports.json, '.json')}.${name}`;
  copyFileSync(path, joinWorkspace(inputs, copy));
  return copy;
}

async function scanWithDaemon(inputs: Inputs, signal: AbortSignal): Promise<string | undefined> {
  const api = zapApi(inputs.zapApiUrl!, inputs.zapApiKey, signal);
  let definition: ApiDefinition | undefined;
  if (inputs.apiDefinition) {
    definition = /^https?:\/\//i.test(inputs.apiDefinition)
      ? { url: inputs.apiDefinition }
      : { fileName: basename(inputs.apiDefinition), content: readFileSync(inputs.apiDefinition, 'utf8') };
  }
  try {
    const result = await runDaemonScan({
      api,
      mode: inputs.mode,
      target: inputs.target!,
      definition,
      apiFormat: inputs.apiFormat,
      pacing: { requestsPerMinute: inputs.requestRate, excludePaths: inputs.excludePaths },
      // ZAP's defaults: a baseline spiders for 1 minute, a full scan without a limit of its own.
      spiderTimeoutMs:
        inputs.spiderMinutes === undefined
          ? inputs.mode === 'baseline'
            ? 60_000
            : undefined
          : inputs.spiderMinutes === 0
            ? undefined
            : inputs.spiderMinutes * 60_000,
      scanTimeoutMs: inputs.scanTimeoutMs,
      pollMs: pollInterval(),
      signal,
      log: (line) => log.info(line),
      warn: (line) => log.warning(`${NAME}: ${line}`),
    });
    return result.reportJson;
  } catch (error) {
    if (error instanceof ZapApiError || error instanceof DefinitionUploadError) {
      await fail(error.message);
      return undefined;
    }
    if (error instanceof HttpFailure) {
      await fail(`cannot reach the ZAP daemon at ${inputs.zapApiUrl}: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}

/** How often the daemon's progress is checked; ZAP_SCAN_POLL_MS shortens it in tests. */
function pollInterval(): number {
  const value = Number(process.env.ZAP_SCAN_POLL_MS);
  return Number.isFinite(value) && value > 0 ? value : 2_000;
}

async function fail(message: string): Promise<void> {
  setOutput('result', 'error');
  setOutput('passed', false);
  await appendSummary(
    `### ZAP scan: ⚠️ error\n\nZAP could not produce a result, so nothing was judged and no SARIF was written.\n\n> ${escapeHtml(message)}\n`,
  );
  failStep(NAME, message);
}

async function publish(inputs: Inputs, evaluation: Evaluation, markdown: string): Promise<void> {
  if (!inputs.commentOnPr && !inputs.issueTitle) return;
  const octokit = createGitHubClient(inputs.githubToken!);
  const repo = currentRepo();
  const id = `${NAME}/${inputs.mode}/${inputs.target ?? ''}`;
  if (inputs.commentOnPr) {
    const pr = currentPullRequest();
    if (pr === undefined) log.info('comment-on-pr: not a pull request event; no comment');
    else {
      const outcome = await upsertPullRequestComment(octokit, { ...repo, issueNumber: pr, id, body: markdown });
      if (outcome.outcome === 'forbidden') log.warning(`${NAME}: ${outcome.message}`);
      else log.info(`PR comment ${outcome.outcome}: ${outcome.url}`);
    }
  }
  if (inputs.issueTitle) {
    const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
    const outcome = await upsertTrackingIssue(octokit, {
      ...repo,
      title: inputs.issueTitle,
      id: `${NAME}/issue`,
      body: markdown,
      items: evaluation.alerts.map((a) => ({
        key: `${ruleId(a)}|${a.risk}`,
        label: `[${a.risk}] ${a.name} (${ruleId(a)}), ${a.count} instance${a.count === 1 ? '' : 's'}`,
      })),
      runUrl: process.env.GITHUB_RUN_ID
        ? `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}`
        : undefined,
    });
    if (outcome.outcome === 'forbidden') log.warning(`${NAME}: ${outcome.message}`);
    else if (outcome.outcome !== 'none') {
      setOutput('issue-number', outcome.issueNumber);
      log.info(
        `Issue ${outcome.outcome}: ${outcome.url} (${outcome.added.length} new, ${outcome.resolved.length} resolved)`,
      );
    }
  }
}
