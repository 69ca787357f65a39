import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateGraph } from './generator';
import { differences, readLedger, readSearch } from './graph-state';
import { consumer, node18, NODE_VERSION, packLibrary, runUnderNode18 } from './library-consumer';
import { referenceState } from './reference';
import { reload, useServers } from './support';

/**
 * @credex/dco as credex-core would use it: packed with `npm pack`, installed into a scratch project with credex-core's
 * dependency ranges and compiler settings, compiled with tsc (module commonjs) and run under Node 18.17.1 against the
 * live test servers, once with neo4j-driver 5 and once with 6 (library-consumer.ts prepares all of it).
 */

const servers = useServers();
let tarball = '';

beforeAll(async () => {
  await node18();
  tarball = await packLibrary();
}, 900_000);

function env(): Record<string, string> {
  return {
    LEDGER_URI: servers.env.NEO4J_URI!,
    LEDGER_USER: servers.env.NEO4J_USER!,
    LEDGER_PASSWORD: servers.env.NEO4J_PASSWORD!,
    SEARCH_URI: servers.env.NEO4J2_URI!,
    SEARCH_USER: servers.env.NEO4J2_USER!,
    SEARCH_PASSWORD: servers.env.NEO4J2_PASSWORD!,
  };
}

const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

// credex-core's range (what a fresh install resolves to), the lowest version the library accepts, and 6.
describe.each([
  { major: 5, range: '^5.20.0', label: 'driver5' },
  { major: 5, range: '5.20.0', label: 'driver5-lowest' },
  { major: 6, range: '^6.0.0', label: 'driver6' },
])('the packed library under Node 18 with neo4j-driver $range', ({ major, range, label }) => {
  let dir = '';
  beforeAll(async () => {
    dir = await consumer(range, tarball, label);
  }, 900_000);

  test('installed as a package: CommonJS main and types for tsc, exports for require and import', () => {
    const manifest = readJson(join(dir, 'node_modules', '@credex', 'dco', 'package.json'));
    expect(manifest).toMatchObject({
      name: '@credex/dco',
      main: './lib/cjs/index.js',
      types: './lib/cjs/index.d.ts',
      peerDependencies: { 'neo4j-driver': '^5.20.0 || ^6.0.0' },
    });
    expect(Object.keys(manifest.exports as object)).toContain('.');
    const driver = readJson(join(dir, 'node_modules', 'neo4j-driver', 'package.json'));
    expect(String(driver.version).split('.')[0]).toBe(String(major));
  });

  test('revalues with the application driver: equal to the reference, a rerun changes nothing, abort is honoured', async () => {
    const graph = generateGraph({ seed: 40 + label.length, credexes: 200, days: 4 });
    await reload(servers, graph);
    const out = JSON.parse(await runUnderNode18(dir, join('build', 'src', 'main.js'), env())) as {
      node: string;
      driverPath: string;
      dcoPath: string;
      report: { problems: string[]; verified: boolean; counts: Record<string, number> };
      rerun: Record<string, number>;
      aborted: string;
      log: string[];
    };
    expect(out.node).toBe(`v${NODE_VERSION}`);
    // The library runs on the application's driver, the one installed in the application (not this repository's).
    expect(out.driverPath.startsWith(join(dir, 'node_modules', 'neo4j-driver'))).toBe(true);
    expect(out.dcoPath).toBe(join(dir, 'node_modules', '@credex', 'dco', 'lib', 'cjs', 'index.js'));
    expect(out.report.problems).toEqual([]);
    expect(out.report.verified).toBe(true);
    expect(out.report.counts.cxxCredexes).toBeGreaterThan(0);
    expect(
      differences(referenceState(graph), await readLedger(servers.ledger), await readSearch(servers.search)),
    ).toEqual([]);
    expect(Object.values(out.rerun).every((n) => n === 0)).toBe(true);
    expect(out.aborted).toBe('stop here');
    expect(out.log).toContainEqual(expect.stringMatching(/^info cxxCredexes: \d+\/\d+ \(\d+%\)/));
  }, 300_000);

  test('the ES module entry loads under Node 18', async () => {
    const out = JSON.parse(await runUnderNode18(dir, 'esm-check.mjs', {})) as Record<string, unknown>;
    expect(out).toEqual({ entry: 'function', batchSize: 10_000 });
  });
});
