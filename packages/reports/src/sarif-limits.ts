import { gzipSync } from 'node:zlib';
import type { SarifLog, SarifResult, SarifRule, SarifRun } from './sarif';
import { stableStringify } from './write-report';

/**
 * What GitHub code scanning accepts in one SARIF upload (docs: "SARIF support for code scanning", upload limits;
 * github/codeql-action src/upload-lib.ts). Beyond the first four GitHub rejects the upload or drops data silently.
 */
export const GITHUB_SARIF_LIMITS = {
  runsPerFile: 20,
  resultsPerRun: 25_000,
  rulesPerRun: 25_000,
  /** The gzip-compressed file. */
  gzipBytes: 10_000_000,
  locationsPerResult: 1_000,
  threadFlowLocationsPerResult: 10_000,
  tagsPerRule: 20,
};

export type SarifLimits = typeof GITHUB_SARIF_LIMITS;

export interface FittedSarif {
  log: SarifLog;
  /** The file's text (what to write: stable key order, as writeJsonReport writes). */
  text: string;
  gzipBytes: number;
  /** One line per thing that was merged or cut, for the job summary; empty when nothing changed. */
  notes: string[];
}

/**
 * The `automationDetails.id` for a category. codeql-action's upload uses its `category` input only for runs that
 * have no id, and reads an id ending in `/` as all category: so the category goes into the file itself.
 */
export function categoryId(category: string): string {
  const trimmed = category.trim();
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

const LEVEL_RANK: Record<string, number> = { error: 3, warning: 2, note: 1, none: 0 };

function severity(result: SarifResult, rules: SarifRule[]): number {
  const score = Number(rules[result.ruleIndex]?.properties?.['security-severity'] ?? 0);
  return (LEVEL_RANK[result.level] ?? 0) * 100 + (Number.isFinite(score) ? score : 0);
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** codeql-action's run key (codeql-action src/sarif/index.ts createRunKey): runs sharing it cannot share a file. */
function runKey(run: SarifRun, byNameOnly: boolean): string {
  const d = run.tool.driver;
  return JSON.stringify(
    byNameOnly
      ? [d.name, run.automationDetails?.id]
      : [d.name, d.version, d.semanticVersion, run.automationDetails?.id],
  );
}

function mergeRuns(runs: SarifRun[]): SarifRun {
  const first = runs[0]!;
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const results: SarifResult[] = [];
  for (const run of runs) {
    for (const rule of run.tool.driver.rules) {
      if (!index.has(rule.id)) {
        index.set(rule.id, rules.length);
        rules.push(rule);
      }
    }
    for (const result of run.results) results.push({ ...result, ruleIndex: index.get(result.ruleId)! });
  }
  return { ...first, tool: { driver: { ...first.tool.driver, rules } }, results };
}

function mergeBy(runs: SarifRun[], byNameOnly: boolean, notes: string[]): SarifRun[] {
  const groups = new Map<string, SarifRun[]>();
  for (const run of runs) {
    const key = runKey(run, byNameOnly);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    notes.push(
      `${plural(group.length, 'run')} of ${group[0]!.tool.driver.name} were merged into one (GitHub takes one run per tool and category in a file).`,
    );
    return mergeRuns(group);
  });
}

/** Keeps the `keep` most severe results of a run (original order otherwise) and the rules they use. */
function keepResults(run: SarifRun, keep: number): SarifRun {
  const rules = run.tool.driver.rules;
  let results = run.results;
  if (results.length > keep) {
    const ranked = results.map((r, i) => ({ i, s: severity(r, rules) })).sort((a, b) => b.s - a.s || a.i - b.i);
    const kept = new Set(ranked.slice(0, keep).map((r) => r.i));
    results = results.filter((_, i) => kept.has(i));
  }
  const used = new Set(results.map((r) => r.ruleId));
  const keptRules = rules.filter((r) => used.has(r.id));
  const index = new Map(keptRules.map((r, i) => [r.id, i]));
  return {
    ...run,
    tool: { driver: { ...run.tool.driver, rules: keptRules } },
    results: results.map((r) => ({ ...r, ruleIndex: index.get(r.ruleId)! })),
  };
}

function capResult(result: SarifResult, limits: SarifLimits): { result: SarifResult; cut: boolean } {
  let cut = false;
  let out = result;
  if (out.locations && out.locations.length > limits.locationsPerResult) {
    out = { ...out, locations: out.locations.slice(0, limits.locationsPerResult) };
    cut = true;
  }
  if (out.codeFlows) {
    const codeFlows = out.codeFlows.map((flow) => ({
      ...flow,
      threadFlows: flow.threadFlows.map((thread) => {
        if (thread.locations.length <= limits.threadFlowLocationsPerResult) return thread;
        cut = true;
        return { ...thread, locations: thread.locations.slice(0, limits.threadFlowLocationsPerResult) };
      }),
    }));
    out = { ...out, codeFlows };
  }
  return { result: out, cut };
}

function capRule(rule: SarifRule, limits: SarifLimits): { rule: SarifRule; cut: boolean } {
  const tags = rule.properties?.tags;
  if (!Array.isArray(tags) || tags.length <= limits.tagsPerRule) return { rule, cut: false };
  return { rule: { ...rule, properties: { ...rule.properties, tags: tags.slice(0, limits.tagsPerRule) } }, cut: true };
}

function measure(log: SarifLog): { text: string; gzipBytes: number } {
  const text = stableStringify(log);
  return { text, gzipBytes: gzipSync(text).length };
}

/**
 * Makes a SARIF log one GitHub code scanning accepts in one upload: every run's `automationDetails.id` from the
 * category; runs of the same tool merged (GitHub rejects two runs with the same tool and category in one file);
 * at most 20 runs, 25,000 results and rules per run (the most severe results are kept), 1,000 locations and 10,000
 * code-flow steps per result, 20 tags per rule; and the file under 10 MB gzip-compressed (least severe results cut
 * first). Everything cut is counted in `notes`.
 */
export function fitSarifToGitHub(
  input: SarifLog,
  options: { category: string; limits?: Partial<SarifLimits> },
): FittedSarif {
  const limits = { ...GITHUB_SARIF_LIMITS, ...options.limits };
  const notes: string[] = [];
  const id = categoryId(options.category);
  let runs: SarifRun[] = input.runs.map((run) => ({ ...run, automationDetails: { id } }));

  runs = mergeBy(runs, false, notes);
  if (runs.length > limits.runsPerFile) runs = mergeBy(runs, true, notes);
  if (runs.length > limits.runsPerFile) {
    const dropped = runs.slice(limits.runsPerFile);
    notes.push(
      `${plural(dropped.length, 'run')} (${dropped.map((r) => r.tool.driver.name).join(', ')}) were left out: GitHub takes at most ${limits.runsPerFile} runs per file.`,
    );
    runs = runs.slice(0, limits.runsPerFile);
  }

  let cutLocations = 0;
  let cutTags = 0;
  runs = runs.map((run) => {
    const perRun = Math.min(limits.resultsPerRun, limits.rulesPerRun);
    let fitted = run;
    if (run.results.length > limits.resultsPerRun) {
      notes.push(
        `${plural(run.results.length - limits.resultsPerRun, 'result')} of lowest severity were left out of ${run.tool.driver.name}: GitHub takes at most ${limits.resultsPerRun.toLocaleString('en-US')} results per run.`,
      );
      fitted = keepResults(run, limits.resultsPerRun);
    }
    if (fitted.tool.driver.rules.length > limits.rulesPerRun) fitted = keepResults(fitted, perRun);
    const results = fitted.results.map((r) => {
      const capped = capResult(r, limits);
      if (capped.cut) cutLocations++;
      return capped.result;
    });
    const rules = fitted.tool.driver.rules.map((r) => {
      const capped = capRule(r, limits);
      if (capped.cut) cutTags++;
      return capped.rule;
    });
    return { ...fitted, tool: { driver: { ...fitted.tool.driver, rules } }, results };
  });
  if (cutLocations) {
    notes.push(
      `${plural(cutLocations, 'result')} had their locations or code-flow steps cut to GitHub's limits (${limits.locationsPerResult.toLocaleString('en-US')} locations, ${limits.threadFlowLocationsPerResult.toLocaleString('en-US')} steps).`,
    );
  }
  if (cutTags) notes.push(`${plural(cutTags, 'rule')} had their tags cut to GitHub's ${limits.tagsPerRule}.`);

  let log: SarifLog = { ...input, runs };
  let measured = measure(log);
  const total = runs.reduce((n, r) => n + r.results.length, 0);
  let kept = total;
  while (measured.gzipBytes > limits.gzipBytes && kept > 0) {
    // Shrink in proportion to the overshoot (with a margin), cutting the least severe results across all runs.
    kept = Math.max(0, Math.min(kept - 1, Math.floor((kept * limits.gzipBytes * 0.97) / measured.gzipBytes)));
    log = { ...input, runs: keepAcrossRuns(runs, kept) };
    measured = measure(log);
  }
  if (kept < total) {
    notes.push(
      `${plural(total - kept, 'result')} of lowest severity were left out to keep the file under ${(limits.gzipBytes / 1_000_000).toLocaleString('en-US')} MB gzip-compressed (GitHub's upload limit).`,
    );
  }
  return { log, text: measured.text, gzipBytes: measured.gzipBytes, notes };
}

/** Keeps the `keep` most severe results over all runs. */
function keepAcrossRuns(runs: SarifRun[], keep: number): SarifRun[] {
  const ranked = runs
    .flatMap((run, r) => run.results.map((result, i) => ({ r, i, s: severity(result, run.tool.driver.rules) })))
    .sort((a, b) => b.s - a.s || a.r - b.r || a.i - b.i)
    .slice(0, keep);
  const perRun = runs.map(() => 0);
  for (const entry of ranked) perRun[entry.r]!++;
  return runs.map((run, r) => {
    const wanted = new Set(ranked.filter((e) => e.r === r).map((e) => e.i));
    const filtered = { ...run, results: run.results.filter((_, i) => wanted.has(i)) };
    return keepResults(filtered, perRun[r]!);
  });
}
