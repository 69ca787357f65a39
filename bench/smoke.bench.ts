// The smoke-test engine against the local target app: 200 checks at concurrency 1 and 20. Prints total time, the
// per-check overhead over a bare request loop made with the same HTTP client (httpRequest + keep-alive agent, same
// concurrency), and the peak memory of this process while the suite ran. The target app runs in its own process
// so its work is not counted here. Median of N runs after one warm-up.
// Usage (through bench/run.mjs): npm run bench -- smoke [-- --runs 5 --checks 200]
import http from 'node:http';
import { httpRequest } from '@credex/http';
import { markdownTable } from '@credex/reports';
import { parseChecks, runChecks, type CheckSuite } from '@credex/smoke';
import { spawnTargetApp } from '../test/target-app';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i !== -1 ? Number.parseInt(process.argv[i + 1] ?? '', 10) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const RUNS = option('runs', 5);
const CHECKS = option('checks', 200);
const CONCURRENCIES = [1, 20];

function suiteOf(count: number): CheckSuite {
  return parseChecks(
    Array.from({ length: count }, (_, i) => ({
      name: `health ${i + 1}`,
      path: '/health',
      expect: { status: 200, headers: { 'x-request-id': { exists: true } }, json: { '$.status': 'healthy' } },
    })),
    'bench',
  );
}

/** Peak RSS and heap while `fn` runs, sampled every 5 ms. */
async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; rss: number; heap: number }> {
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const started = performance.now();
  try {
    const value = await fn();
    sample();
    return { value, ms: performance.now() - started, rss, heap };
  } finally {
    clearInterval(timer);
  }
}

async function bareLoop(url: string, count: number, concurrency: number, agent: http.Agent): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const response = await httpRequest({ url: `${url}/health`, agent: { http: agent }, timeoutMs: 10_000 });
      if (response.status !== 200) throw new Error(`bare loop got ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// Hundreds of requests a second: the stand-in's credex-core rate limit would answer 429, so it is off here.
const { url, child } = await spawnTargetApp(['--rate-limit', 'off']);
try {
  const suite = suiteOf(CHECKS);
  const rows: (string | number)[][] = [];
  for (const concurrency of CONCURRENCIES) {
    const agent = new http.Agent({ keepAlive: true });
    await bareLoop(url, 20, concurrency, agent);
    await runChecks(suite, { baseUrl: url, concurrency, agent: { http: agent } });
    const bare: number[] = [];
    const smoke: number[] = [];
    let rss = 0;
    let heap = 0;
    for (let run = 0; run < RUNS; run++) {
      bare.push((await measure(() => bareLoop(url, CHECKS, concurrency, agent))).ms);
      global.gc?.();
      const m = await measure(() => runChecks(suite, { baseUrl: url, concurrency, agent: { http: agent } }));
      if (!m.value.passed)
        throw new Error(`smoke run failed: ${JSON.stringify(m.value.results.find((r) => r.outcome !== 'passed'))}`);
      smoke.push(m.ms);
      rss = Math.max(rss, m.rss);
      heap = Math.max(heap, m.heap);
    }
    agent.destroy();
    const overhead = (median(smoke) - median(bare)) / CHECKS;
    rows.push([
      concurrency,
      CHECKS,
      `${median(smoke).toFixed(0)} ms`,
      `${median(bare).toFixed(0)} ms`,
      `${(overhead * 1000).toFixed(0)} µs`,
      `${(CHECKS / (median(smoke) / 1000)).toFixed(0)}/s`,
      mb(rss),
      mb(heap),
    ]);
  }
  console.log(
    `smoke: ${CHECKS} checks (GET /health with status, header and JSONPath assertions), median of ${RUNS} runs`,
  );
  console.log(
    markdownTable(
      [
        'Concurrency',
        'Checks',
        'Suite total',
        'Bare loop total',
        'Overhead per check',
        'Checks/s',
        'Peak RSS',
        'Peak heap',
      ],
      rows,
      ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
} finally {
  child.kill('SIGTERM');
}
