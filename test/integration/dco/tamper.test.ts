import type { QueryResult } from 'neo4j-driver';
import { runAction } from '../../harness/run-bundle';
import {
  OLD_SEARCH_SHAPE,
  clearLoop,
  createCredex,
  defaultCredex,
  firstDaynode,
  newDaynode,
  type Day,
} from './credex-core-shapes';
import { fingerprint, readLedger, readSearch, type ActualEntity } from './graph-state';
import { OLD_SHAPE } from './old-shape';
import { actionInputs, runOn, useServers, write } from './support';

/**
 * Tamper evidence: every entity the step revalues keeps a fingerprint of the values only the DCO writes; another
 * writer changing them (here credex-core's old full revaluation, rebuilt in old-shape.ts and credex-core-shapes.ts)
 * is found by the next run's preflight and by `mode: verify`, and nothing is revalued twice until an operator
 * decides (on-tampered). Which entities were changed is worked out here from the values themselves, not by the
 * step's own Cypher.
 */

const servers = useServers();

const D1: Day = { date: '2026-10-01', k: 1.0004, rates: { CXX: 1, USD: 0.97, ZWG: 26.2 } };
const D2: Day = { date: '2026-10-02', k: 1.000731, rates: { CXX: 1, USD: 0.99, ZWG: 26.5 } };
const D3: Day = { date: '2026-10-03', k: 0.99962, rates: { CXX: 1, USD: 0.98, ZWG: 26.9 } };

/** The values credex-core writes only through the DCO, per kind of entity (the fingerprinted ones). */
function dcoOwned(id: string, e: ActualEntity): number[] {
  const keys = id.startsWith('c')
    ? ['InitialAmount', 'WrittenOffAmount']
    : id.includes('-')
      ? ['AmountRedeemed', 'AmountOutstandingNow']
      : ['LoopedAmount'];
  return [...keys.map((k) => e.amounts[k]!), ...(id.includes('-') || id.startsWith('c') ? [e.CXXmultiplier!] : [])];
}

/** Flagged entities carrying a fingerprint whose DCO-owned values differ between two readings. */
function changedByAnotherWriter(before: Map<string, ActualEntity>, after: Map<string, ActualEntity>): string[] {
  return [...before]
    .filter(
      ([id, e]) => !id.startsWith('day-') && e.all.includes('"DCOfingerprint"') && e.all.includes('"DCOrevalue",true'),
    )
    .filter(([id, e]) => {
      const was = dcoOwned(id, e);
      const now = dcoOwned(id, after.get(id)!);
      return was.some((v, i) => !Object.is(v, now[i]));
    })
    .map(([id]) => id)
    .sort();
}

async function state(): Promise<string> {
  return fingerprint(await readLedger(servers.ledger), await readSearch(servers.search));
}

/** Credexes and a cleared loop yesterday, today's Daynode, flags, SearchSpace copies, and the DCO's run today. */
async function revaluedToday(): Promise<void> {
  await firstDaynode(servers.ledger, servers.search, D1);
  const credexes = [
    { credexID: 'c1', denomination: 'CXX', amount: 100 },
    { credexID: 'c2', denomination: 'USD', amount: 50 },
    { credexID: 'c3', denomination: 'CXX', amount: 80 },
    { credexID: 'c4', denomination: 'ZWG', amount: 900 },
    { credexID: 'c5', denomination: 'CXX', amount: 33 },
  ];
  for (const c of credexes) await createCredex(servers.ledger, c);
  await clearLoop(servers.ledger, 'L1', ['c1', 'c2', 'c3'], 4);
  const session = servers.ledger.session();
  let live: QueryResult;
  try {
    live = await session.run(
      'MATCH (c:Credex) RETURN c { .credexID, .Denomination, .CXXmultiplier, outstandingAmount: c.OutstandingAmount } AS c',
    );
  } finally {
    await session.close();
  }
  await write(servers.search, 'UNWIND $rows AS row CREATE (c:Credex) SET c = row', {
    rows: live.records.map((r) => r.get('c') as Record<string, unknown>),
  });
  await newDaynode(servers.ledger, D2);
  const flagged = await runOn(servers, { mode: 'flag' });
  expect(flagged.flagChanges!.reduce((n, c) => n + c.set, 0)).toBeGreaterThan(10);
  const dco = await runOn(servers);
  expect(dco.problems).toEqual([]);
  expect(dco.verified).toBe(true);
  await write(servers.ledger, 'MATCH (d:Daynode {Active: true}) SET d.DCOrunningNow = false');
}

/** credex-core's old revaluation of both databases, as its DCO would run it on the Active day. */
async function oldFullUpdate(day: Day): Promise<void> {
  await write(servers.ledger, OLD_SHAPE);
  for (const statement of OLD_SEARCH_SHAPE) await write(servers.search, statement, { k: day.k, rates: day.rates });
}

const refusal = (n: number): RegExp =>
  new RegExp(
    `^${n} flagged entities were changed by another writer after this step revalued them \\(.+\\); nothing is revalued until an operator decides: on-tampered skip, revalue or mark-current$`,
  );

test("credex-core's old full update, then the step: refused with count and sample, nothing written; mark-current takes them as they are", async () => {
  await revaluedToday();
  await newDaynode(servers.ledger, D3);
  const before = await readLedger(servers.ledger);
  await oldFullUpdate(D3);
  const afterOld = await readLedger(servers.ledger);
  const changed = changedByAnotherWriter(before, afterOld);
  expect(changed.length).toBeGreaterThanOrEqual(10);

  const untouched = await state();
  const refused = await runOn(servers);
  expect(refused.problems).toEqual([expect.stringMatching(refusal(changed.length))]);
  expect(refused.tampered?.count).toBe(changed.length);
  expect(refused.tampered?.samples.length).toBeGreaterThan(0);
  expect(refused.tampered!.samples.join('\n')).toMatch(
    /^cxxCredexes c\d \(revalued to 2026-10-02\): InitialAmount [\d.e-]+ \(written [\d.e-]+\)/m,
  );
  expect(await state()).toBe(untouched);
  const flagged = [...afterOld.values()].filter((e) => e.all.includes('"DCOrevalue",true')).length;
  const before3 = await runOn(servers, { mode: 'verify' });
  expect(before3.check).toMatchObject({ ok: false, tampered: changed.length, pending: flagged, done: 0 });
  expect(await state()).toBe(untouched);

  // The operator knows the old update ran today: the values are already today's.
  const adopted = await runOn(servers, { onTampered: 'mark-current' });
  expect(adopted.problems).toEqual([]);
  expect(adopted.tampered).toMatchObject({ count: changed.length, adopted: changed.length, policy: 'mark-current' });
  expect(adopted.verified).toBe(true);
  const after = await readLedger(servers.ledger);
  for (const id of changed) {
    expect([id, after.get(id)!.amounts]).toEqual([id, afterOld.get(id)!.amounts]);
    expect([id, after.get(id)!.marker]).toEqual([id, D3.date]);
  }
  const check = await runOn(servers, { mode: 'verify' });
  expect(check.check).toMatchObject({ ok: true, tampered: 0, pending: 0 });
});

test('the step, then the old full update the same day: mode verify finds them (also through the bundle), the next day refuses', async () => {
  await revaluedToday();
  const before = await readLedger(servers.ledger);
  await oldFullUpdate(D2);
  const changed = changedByAnotherWriter(before, await readLedger(servers.ledger));
  expect(changed).toEqual(expect.arrayContaining(['c1', 'c3', 'c5', 'L1']));

  const check = await runOn(servers, { mode: 'verify' });
  expect(check.check).toMatchObject({ ok: false, tampered: changed.length });
  expect(check.verified).toBe(false);
  expect(check.check!.samples.join('\n')).toMatch(/^cxxCredexes c\d \(revalued to 2026-10-02\): InitialAmount /m);

  const bundle = await runAction('dco-flagged-update', { inputs: actionInputs(servers, 50, { mode: 'verify' }) });
  expect(bundle.exitCode).toBe(1);
  expect(bundle.outputs.tampered).toBe(String(changed.length));
  expect(bundle.outputs.verified).toBe('false');
  expect(bundle.annotations.map((a) => a.message)).toContain(
    `dco-flagged-update: check failed: ${changed.length} flagged entities changed by another writer (see the summary)`,
  );
  expect(bundle.summary).toContain('**Check: FAILED**');

  await newDaynode(servers.ledger, D3);
  const untouched = await state();
  const refused = await runOn(servers);
  expect(refused.problems).toEqual([expect.stringMatching(refusal(changed.length))]);
  expect(await state()).toBe(untouched);
});

test('another writer doubled some values: skip revalues the rest and leaves them; revalue then takes them from their marker date', async () => {
  await revaluedToday();
  await write(
    servers.ledger,
    "MATCH (c:Credex) WHERE c.credexID IN ['c1', 'c4'] SET c.InitialAmount = c.InitialAmount * 2",
  );
  await write(servers.ledger, "MATCH ()-[r:REDEEMED {relID: 'L1-r0'}]->() SET r.AmountRedeemed = r.AmountRedeemed * 2");
  const tampered = ['L1-r0', 'c1', 'c4'];
  await newDaynode(servers.ledger, D3);
  const before = await readLedger(servers.ledger);

  const skipped = await runOn(servers, { onTampered: 'skip' });
  expect(skipped.problems).toEqual([]);
  expect(skipped.tampered).toMatchObject({ count: 3, policy: 'skip', adopted: 0 });
  expect(skipped.verified).toBe(true);
  expect(skipped.verification?.skipped).toBe(3);
  const afterSkip = await readLedger(servers.ledger);
  for (const id of tampered) expect([id, afterSkip.get(id)!.all]).toEqual([id, before.get(id)!.all]);
  // The others moved to today exactly once: c3 is CXX, c2 a currency, L1-r1 a currency relationship.
  expect(afterSkip.get('c3')!.amounts.InitialAmount).toBe(before.get('c3')!.amounts.InitialAmount! / D3.k);
  const c2 = before.get('c2')!;
  expect(afterSkip.get('c2')!.amounts.InitialAmount).toBe((c2.amounts.InitialAmount! / c2.CXXmultiplier!) * 0.98);
  expect(afterSkip.get('L1-r1')!.marker).toBe(D3.date);

  const revalued = await runOn(servers, { onTampered: 'revalue' });
  expect(revalued.problems).toEqual([]);
  expect(revalued.tampered).toMatchObject({ count: 3, policy: 'revalue' });
  expect(revalued.verified).toBe(true);
  expect(revalued.counts.cxxCredexes + revalued.counts.currencyCredexes + revalued.counts.redeemed).toBe(3);
  const afterRevalue = await readLedger(servers.ledger);
  expect(afterRevalue.get('c1')!.amounts.InitialAmount).toBe(before.get('c1')!.amounts.InitialAmount! / D3.k);
  expect(afterRevalue.get('L1-r0')!.amounts.AmountRedeemed).toBe(before.get('L1-r0')!.amounts.AmountRedeemed! / D3.k);
  expect((await runOn(servers, { mode: 'verify' })).check).toMatchObject({ ok: true, tampered: 0 });
});

test("the queue's and the DCO's own later writes are not another writer's", async () => {
  await revaluedToday();
  await clearLoop(servers.ledger, 'L2', ['c3', 'c4', 'c5'], 2.5, servers.search);
  await createCredex(servers.ledger, { credexID: 'c6', denomination: 'ZWG', amount: 10 });
  await newDaynode(servers.ledger, D3);
  await defaultCredex(servers.ledger, 'c4');
  await runOn(servers, { mode: 'flag' });
  const report = await runOn(servers);
  expect(report.problems).toEqual([]);
  expect(report.tampered).toBeUndefined();
  expect(report.verified).toBe(true);
  expect(report.counts.loopAnchors).toBe(2);
});
