// Report processing in snyk-scan and zap-scan on large synthetic reports: parse, gate, SARIF, summary. Snyk: an
// --all-projects array where each vulnerability is listed once per dependency path (as the CLI does), so the merge
// is exercised. ZAP: many alerts with many instances. Prints the median time of N runs and the peak heap.
// Usage (through bench/run.mjs): npm run bench -- scans [-- --runs 5 --paths 20]
import { randomBytes } from 'node:crypto';
import { buildSarif, fitSarifToGitHub, markdownTable } from '@credex/reports';
import { evaluateGate, parseSnykReport, SEVERITIES, snykSummary, snykToSarif } from '@credex/snyk';
import { evaluateAlerts, parseZapReport, zapSummary, zapToSarif } from '@credex/zap';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i !== -1 ? Number.parseInt(process.argv[i + 1] ?? '', 10) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
const RUNS = option('runs', 5);
const PATHS = option('paths', 20);

function snykReport(projects: number, vulns: number, paths: number): string {
  return JSON.stringify(
    Array.from({ length: projects }, (_, p) => ({
      ok: false,
      packageManager: 'npm',
      displayTargetFile: `services/s${p}/package-lock.json`,
      vulnerabilities: Array.from({ length: vulns * paths }, (_, i) => {
        const v = Math.floor(i / paths);
        return {
          id: `SNYK-JS-PKG${v}-${1000 + v}`,
          title: `Prototype Pollution ${v}`,
          severity: SEVERITIES[v % 4],
          cvssScore: 2 + (v % 8),
          packageName: `pkg${v}`,
          version: '1.0.0',
          from: [`s${p}@1.0.0`, `via${i % paths}@2.0.0`, `pkg${v}@1.0.0`],
          upgradePath: [false, `via${i % paths}@3.0.0`],
          isUpgradable: v % 2 === 0,
          isPatchable: false,
          fixedIn: ['1.0.1'],
          identifiers: { CVE: [`CVE-2024-${v}`], CWE: ['CWE-1321'] },
        };
      }),
    })),
  );
}

function zapReport(alerts: number, instances: number): string {
  const site = 'https://staging.api.mycredex.app';
  return JSON.stringify({
    '@version': '2.15.0',
    site: [
      {
        '@name': site,
        alerts: Array.from({ length: alerts }, (_, a) => ({
          pluginid: String(10000 + a),
          alertRef: String(10000 + a),
          name: `Alert ${a}`,
          riskcode: String(a % 4),
          confidence: '2',
          desc: '<p>Description</p>',
          solution: '<p>Fix</p>',
          cweid: '79',
          count: String(instances),
          instances: Array.from({ length: instances }, (_, i) => ({
            uri: `${site}/v1/route${i}${i % 10 === 0 ? '/v1/devadmin/x' : ''}`,
            method: 'POST',
            param: 'p',
            evidence: 'e',
          })),
        })),
      },
    ],
  });
}

async function time(fn: () => void): Promise<{ ms: number; heapMb: number }> {
  const samples: number[] = [];
  let heap = 0;
  fn(); // warm-up
  for (let r = 0; r < RUNS; r++) {
    global.gc?.();
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
    heap = Math.max(heap, process.memoryUsage().heapUsed);
    await new Promise((resolve) => setImmediate(resolve));
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, heapMb: heap / 1024 / 1024 };
}

const rows: (string | number)[][] = [];
for (const [projects, vulns] of [
  [1, 200],
  [10, 500],
] as const) {
  const text = snykReport(projects, vulns, PATHS);
  const gate = { severityThreshold: 'high' as const, failOn: 'all' as const, ignores: [] };
  let findings = 0;
  const result = await time(() => {
    const parsed = parseSnykReport(text);
    const evaluated = evaluateGate(parsed, gate);
    findings = evaluated.findings.length;
    fitSarifToGitHub(snykToSarif(parsed, { scanType: 'open-source', fallbackLocation: 'package.json' }), {
      category: 'snyk-open-source',
    });
    snykSummary(evaluated, { title: 'Snyk', gate });
  });
  rows.push([
    `snyk: ${projects} project(s) × ${vulns} vulns × ${PATHS} paths`,
    `${(text.length / 1024 / 1024).toFixed(1)} MB`,
    `${findings} findings`,
    result.ms.toFixed(1),
    result.heapMb.toFixed(0),
  ]);
}
for (const [alerts, instances] of [
  [50, 20],
  [300, 200],
] as const) {
  const text = zapReport(alerts, instances);
  let kept = 0;
  const result = await time(() => {
    const report = parseZapReport(text);
    const evaluation = evaluateAlerts(report.alerts, {
      excludePaths: [/\/v1\/devadmin\//],
      failOnRisk: 'medium',
      minConfidence: 'low',
    });
    const sarif = fitSarifToGitHub(zapToSarif(evaluation.alerts, { location: 'docs/openapi.yaml' }), {
      category: 'zap-full',
    });
    kept = sarif.log.runs[0]!.results.length;
    zapSummary(evaluation, { title: 'ZAP', target: 'x', failOnRisk: 'medium' });
  });
  rows.push([
    `zap: ${alerts} alerts × ${instances} instances`,
    `${(text.length / 1024 / 1024).toFixed(1)} MB`,
    `${kept} SARIF results`,
    result.ms.toFixed(1),
    result.heapMb.toFixed(0),
  ]);
}
// GitHub's upload limits on their own (packages/reports fitSarifToGitHub): a run over 25,000 results, and a file of
// incompressible messages over 10 MB gzip-compressed, which is cut in proportion until it fits.
for (const [label, tools, perTool, noise] of [
  ['sarif fit: one run of 40,000 results', 1, 40_000, 0],
  ['sarif fit: 3 runs × 7,000 results of ~830 random bytes (over 10 MB gzip)', 3, 7_000, 520],
] as const) {
  const log = buildSarif(
    Array.from({ length: tools }, (_, t) => ({
      tool: {
        name: `Tool ${t}`,
        rules: Array.from({ length: 30 }, (_, r) => ({
          id: `R${r}`,
          shortDescription: `rule ${r}`,
          level: (['error', 'warning', 'note'] as const)[r % 3],
        })),
      },
      results: Array.from({ length: perTool }, (_, i) => ({
        ruleId: `R${i % 30}`,
        message: noise ? randomBytes(noise).toString('base64') : `finding ${i}`,
        locations: [{ uri: `src/f${i % 50}.ts`, startLine: (i % 900) + 1 }],
      })),
    })),
  );
  let fitted: ReturnType<typeof fitSarifToGitHub> | undefined;
  const result = await time(() => {
    fitted = fitSarifToGitHub(log, { category: 'bench' });
  });
  rows.push([
    label,
    `${(JSON.stringify(log).length / 1024 / 1024).toFixed(1)} MB`,
    `${fitted!.log.runs.reduce((n, r) => n + r.results.length, 0)} kept, ${(fitted!.gzipBytes / 1_000_000).toFixed(2)} MB gzip`,
    result.ms.toFixed(1),
    result.heapMb.toFixed(0),
  ]);
}
console.log(`Scan report processing (parse + gate + SARIF + summary), median of ${RUNS} runs after a warm-up\n`);
console.log(
  markdownTable(['Case', 'Report', 'Output', 'Median ms', 'Peak heap MB'], rows, [
    'left',
    'right',
    'right',
    'right',
    'right',
  ]),
);
