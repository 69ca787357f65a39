import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildSarif, fitSarifToGitHub, GITHUB_SARIF_LIMITS, type SarifLog, type SarifRunInput } from '../src/index';
import { validateSarif } from '../src/validate-sarif';

// Large synthetic reports checked against GitHub's upload constraints as github/codeql-action applies and
// documents them (src/upload-lib.ts, src/sarif/index.ts areAllRunsUnique: one run per tool and category per file;
// docs "SARIF support for code scanning": 20 runs per file, 25,000 results per run, 10 MB gzip-compressed).

const LEVELS = ['error', 'warning', 'note'] as const;

function run(tool: string, results: number, options: { message?: (i: number) => string; rules?: number } = {}) {
  const ruleCount = options.rules ?? 10;
  const input: SarifRunInput = {
    tool: {
      name: tool,
      rules: Array.from({ length: ruleCount }, (_, r) => ({
        id: `R${r}`,
        shortDescription: `rule ${r}`,
        level: LEVELS[r % 3],
        securitySeverity: (r % 10) + 0.5,
      })),
    },
    results: Array.from({ length: results }, (_, i) => ({
      ruleId: `R${i % ruleCount}`,
      message: options.message ? options.message(i) : `finding ${i}`,
      locations: [{ uri: `src/file${i % 50}.ts`, startLine: (i % 900) + 1 }],
    })),
    automationId: `per-target/${tool}/${results}/`,
  };
  return input;
}

/** codeql-action's check: no two runs may share tool name, version, semantic version and automation id. */
function runsUnique(log: SarifLog): boolean {
  const keys = log.runs.map((r) =>
    JSON.stringify([r.tool.driver.name, r.tool.driver.version, r.tool.driver.semanticVersion, r.automationDetails?.id]),
  );
  return new Set(keys).size === keys.length;
}

function expectAcceptedByGitHub(log: SarifLog, category: string): void {
  expect(validateSarif(log)).toEqual([]);
  expect(log.runs.length).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.runsPerFile);
  for (const r of log.runs) {
    expect(r.results.length).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.resultsPerRun);
    expect(r.automationDetails).toEqual({ id: `${category}/` });
    for (const result of r.results) expect(r.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
  }
  expect(runsUnique(log)).toBe(true);
}

describe('fitSarifToGitHub over large synthetic reports', () => {
  it('sets every run id from the category and merges one run per project into one run per tool', () => {
    const log = buildSarif(Array.from({ length: 45 }, () => run('Snyk Open Source', 40)));
    const fitted = fitSarifToGitHub(log, { category: 'snyk-open-source' });
    expect(fitted.log.runs).toHaveLength(1);
    expect(fitted.log.runs[0]!.results).toHaveLength(45 * 40);
    expectAcceptedByGitHub(fitted.log, 'snyk-open-source');
    expect(fitted.notes).toEqual([
      '45 runs of Snyk Open Source were merged into one (GitHub takes one run per tool and category in a file).',
    ]);
    expect(JSON.parse(fitted.text)).toEqual(fitted.log);
  });

  it('keeps at most 20 runs when more than 20 tools report, and says which were left out', () => {
    const log = buildSarif(Array.from({ length: 23 }, (_, i) => run(`Tool ${String(i).padStart(2, '0')}`, 3)));
    const fitted = fitSarifToGitHub(log, { category: 'many/' });
    expectAcceptedByGitHub(fitted.log, 'many');
    expect(fitted.log.runs).toHaveLength(20);
    expect(fitted.notes).toEqual([
      '3 runs (Tool 20, Tool 21, Tool 22) were left out: GitHub takes at most 20 runs per file.',
    ]);
  });

  it('keeps the 25,000 most severe results of a run of 40,000 and drops the rules no result uses', () => {
    const big = run('ZAP', 40_000, { rules: 30 });
    const fitted = fitSarifToGitHub(buildSarif([big]), { category: 'zap-full' });
    const [only] = fitted.log.runs;
    expectAcceptedByGitHub(fitted.log, 'zap-full');
    expect(only!.results).toHaveLength(25_000);
    const kept = new Set(only!.results.map((r) => r.ruleId));
    // Rules R0..R29: levels by r % 3 (error, warning, note) and security-severity (r % 10) + 0.5; every rule has
    // 1,333 or 1,334 results, so the 25,000 kept are all errors and warnings, the most severe first.
    expect([...kept].every((id) => Number(id.slice(1)) % 3 !== 2)).toBe(true);
    expect(only!.tool.driver.rules.map((r) => r.id).sort()).toEqual([...kept].sort());
    expect(fitted.notes).toEqual([
      '15,000 results of lowest severity were left out of ZAP: GitHub takes at most 25,000 results per run.',
    ]);
  });

  it('cuts the least severe results until the file is under 10 MB gzip-compressed', () => {
    // Random text does not compress: 3 runs × 7,000 results × ~830 bytes is about 17 MB, over 11 MB gzip-compressed.
    const noise = (i: number): string => `${i} ${randomBytes(520).toString('base64')}`;
    const log = buildSarif(['Snyk Code', 'Snyk IaC', 'ZAP'].map((tool) => run(tool, 7_000, { message: noise })));
    const before = gzipSync(JSON.stringify(log)).length;
    expect(before).toBeGreaterThan(GITHUB_SARIF_LIMITS.gzipBytes);
    const fitted = fitSarifToGitHub(log, { category: 'all' });
    expectAcceptedByGitHub(fitted.log, 'all');
    expect(fitted.gzipBytes).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.gzipBytes);
    expect(gzipSync(fitted.text).length).toBe(fitted.gzipBytes);
    const kept = fitted.log.runs.reduce((n, r) => n + r.results.length, 0);
    expect(kept).toBeLessThan(21_000);
    expect(kept).toBeGreaterThan(9_000);
    expect(fitted.notes).toEqual([
      `${(21_000 - kept).toLocaleString('en-US')} results of lowest severity were left out to keep the file under 10 MB gzip-compressed (GitHub's upload limit).`,
    ]);
    // The cut takes notes before warnings before errors: rules R0, R3, R6, R9 are errors, 4 in 10 of 21,000.
    const levels = fitted.log.runs.flatMap((r) => r.results.map((x) => x.level));
    expect(levels.filter((l) => l === 'error')).toHaveLength(8_400);
    expect(levels.filter((l) => l === 'note').length).toBeLessThan(21_000 * 0.3);
  });

  it('caps locations, code-flow steps and tags per result and rule', () => {
    const step = (i: number) => ({ uri: 'src/a.ts', startLine: (i % 100) + 1 });
    const log = buildSarif([
      {
        tool: {
          name: 'Snyk Code',
          rules: [{ id: 'r', shortDescription: 'r', tags: Array.from({ length: 30 }, (_, i) => `tag${i}`) }],
        },
        results: [
          {
            ruleId: 'r',
            message: 'flow',
            locations: Array.from({ length: 1_200 }, (_, i) => step(i)),
            codeFlows: [{ steps: Array.from({ length: 10_500 }, (_, i) => step(i)) }],
          },
        ],
      },
    ]);
    const fitted = fitSarifToGitHub(log, { category: 'snyk-code' });
    expectAcceptedByGitHub(fitted.log, 'snyk-code');
    const result = fitted.log.runs[0]!.results[0]!;
    expect(result.locations).toHaveLength(1_000);
    expect(result.codeFlows![0]!.threadFlows[0]!.locations).toHaveLength(10_000);
    expect(fitted.log.runs[0]!.tool.driver.rules[0]!.properties!.tags).toHaveLength(20);
    expect(fitted.notes).toHaveLength(2);
  });

  it('leaves a log within the limits unchanged apart from the ids', () => {
    const log = buildSarif([run('ZAP', 5)]);
    const fitted = fitSarifToGitHub(log, { category: 'zap-baseline/' });
    expect(fitted.notes).toEqual([]);
    expect(fitted.log.runs[0]!.results).toEqual(log.runs[0]!.results);
    expect(fitted.log.runs[0]!.automationDetails).toEqual({ id: 'zap-baseline/' });
  });
});
