// Start and stop times of the test services, in a private state folder (the services other runs use are not
// touched). "cold" = first start in an empty state folder: Maven resolves the classpath offline from a warm ~/.m2 and
// javac compiles the launcher, then the JVM boots two Neo4j servers; "warm" = the same with those cached (what
// `npm run services:start` costs after the first time); "reuse" = checking that running services answer (what
// `npm test` pays when they already run). Creating .venv and installing moto the first time (~20-60 s, network)
// is not measured here. Median of N runs (default 3).
// Usage (through bench/run.mjs): npm run bench -- services [-- --runs 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { markdownTable } from '@credex/reports';
import { checkMoto, startMoto } from '../test/services/moto.mjs';
import { checkNeo4j, startNeo4j } from '../test/services/neo4j.mjs';
import { stopProcess } from '../test/services/process-utils.mjs';

const root = resolve(import.meta.dirname, '..');
const i = process.argv.indexOf('--runs');
const runs = Math.max(1, Number.parseInt(i !== -1 ? (process.argv[i + 1] ?? '') : '3', 10) || 3);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number): string => (ms / 1000).toFixed(2);

const stateDir = mkdtempSync(join(tmpdir(), 'bench-services-'));
const figures: Record<string, number[]> = {};
const record = (name: string, ms: number): void => void (figures[name] ??= []).push(ms);

try {
  for (let run = 0; run <= runs; run++) {
    const [neo4j, startMs] = await timed(() => startNeo4j(stateDir, 2));
    record(run === 0 ? 'neo4j x2 start, cold (classpath + compile)' : 'neo4j x2 start, warm', startMs);
    const [, checkMs] = await timed(async () => {
      for (const server of neo4j.servers) await checkNeo4j(server);
    });
    record('neo4j x2 reuse check (Bolt RETURN 1 each)', checkMs);
    const [, stopMs] = await timed(() => stopProcess(neo4j.pid));
    record('neo4j stop', stopMs);
    if (neo4j.dataDir) rmSync(neo4j.dataDir, { recursive: true, force: true });
  }
  for (let run = 0; run < runs; run++) {
    const [moto, startMs] = await timed(() => startMoto(root, stateDir));
    record('moto start (venv present)', startMs);
    const [, checkMs] = await timed(() => checkMoto(moto.endpoint));
    record('moto reuse check (HTTP)', checkMs);
    const [, stopMs] = await timed(() => stopProcess(moto.pid, 5_000));
    record('moto stop', stopMs);
  }
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}

const load = loadavg()[0]!.toFixed(1);
console.log(`test services, ${runs} run(s) each (cold: 1), load average at the end ${load}\n`);
console.log(
  markdownTable(
    ['what', 'runs', 'median s', 'min s', 'max s'],
    Object.entries(figures).map(([name, values]) => [
      name,
      values.length,
      seconds(median(values)),
      seconds(Math.min(...values)),
      seconds(Math.max(...values)),
    ]),
    ['left', 'right', 'right', 'right', 'right'],
  ),
);
