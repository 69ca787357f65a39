import { clearLoop, createCredex, firstDaynode, newDaynode, type Day } from './credex-core-shapes';
import { fingerprint, readLedger, readSearch, type ActualEntity } from './graph-state';
import { runOn, useServers, write } from './support';

/**
 * REDEEMED and CREDLOOP carry no CREATED_ON: without a marker they are dated by the LoopAnchor of their loop (its
 * CREATED_ON), so relationships the queue created on the Active day are already in that day's units and only get the
 * marker, while yesterday's are revalued, once. The graph is made with credex-core's shapes (credex-core-shapes.ts).
 */

const servers = useServers();

const D1: Day = { date: '2026-09-01', k: 1.0003, rates: { CXX: 1, USD: 0.97 } };
const D2: Day = { date: '2026-09-02', k: 1.000731, rates: { CXX: 1, USD: 0.99 } };

const LOOP1 = ['L1-r0', 'L1-r1', 'L1-r2', 'L1-l0', 'L1-l1', 'L1-l2'];
const LOOP2 = ['L2-r0', 'L2-r1', 'L2-r2', 'L2-l0', 'L2-l1', 'L2-l2'];

/** Yesterday's credexes and a loop the queue cleared yesterday, then the DCO's new Active Daynode for today. */
async function yesterday(): Promise<void> {
  await firstDaynode(servers.ledger, servers.search, D1);
  await createCredex(servers.ledger, { credexID: 'c1', denomination: 'CXX', amount: 100 });
  await createCredex(servers.ledger, { credexID: 'c2', denomination: 'USD', amount: 50 });
  await createCredex(servers.ledger, { credexID: 'c3', denomination: 'CXX', amount: 80 });
  await createCredex(servers.ledger, { credexID: 'c4', denomination: 'USD', amount: 20 });
  await clearLoop(servers.ledger, 'L1', ['c1', 'c2', 'c3'], 4);
  await newDaynode(servers.ledger, D2);
}

/** Yesterday's value revalued once to today: CXX divided by today's k, a currency at today's rate. */
function once(was: ActualEntity, key: string): number {
  const amount = was.amounts[key]!;
  if (was.all.includes('"Denomination","CXX"')) return amount / D2.k;
  return (amount / was.CXXmultiplier!) * D2.rates.USD!;
}

function expectUntouchedButMarked(
  before: Map<string, ActualEntity>,
  after: Map<string, ActualEntity>,
  id: string,
): void {
  const was = before.get(id)!;
  const now = after.get(id)!;
  for (const [key, value] of Object.entries(was.amounts))
    expect([id, key, Object.is(now.amounts[key], value)]).toEqual([id, key, true]);
  expect([id, now.CXXmultiplier]).toEqual([id, was.CXXmultiplier]);
  expect([id, now.marker]).toEqual([id, D2.date]);
}

async function flagAll(): Promise<void> {
  const report = await runOn(servers, { mode: 'flag' });
  expect(report.flagChanges!.every((c) => c.cleared === 0)).toBe(true);
}

test('the DCO did not revalue; the queue cleared a loop today: a recovery run revalues yesterday once, leaves today untouched', async () => {
  await yesterday();
  // The DCO failed after creating the Daynode; credex-core resets DCOrunningNow in its finally.
  await write(servers.ledger, 'MATCH (d:Daynode {Active: true}) SET d.DCOrunningNow = false');
  await clearLoop(servers.ledger, 'L2', ['c2', 'c3', 'c4'], 2.5);
  await flagAll();
  const before = await readLedger(servers.ledger);

  const report = await runOn(servers);
  expect(report.problems).toEqual([]);
  expect(report.verified).toBe(true);
  const after = await readLedger(servers.ledger);
  for (const id of [...LOOP2, 'L2']) expectUntouchedButMarked(before, after, id);
  for (const id of LOOP1) {
    for (const key of ['AmountRedeemed', 'AmountOutstandingNow'])
      expect([id, key, after.get(id)!.amounts[key]]).toEqual([id, key, once(before.get(id)!, key)]);
  }
  expect(after.get('L1')!.amounts.LoopedAmount).toBe(4 / D2.k);
  expect(after.get('c1')!.amounts.InitialAmount).toBe(100 / D2.k);
  // Both loops' relationships are brought to today: three revalued and three only marked, of each type.
  expect(report.counts).toMatchObject({
    redeemed: 6,
    credloop: 6,
    loopAnchors: 2,
    cxxCredexes: 2,
    currencyCredexes: 2,
  });

  const state = fingerprint(after, await readSearch(servers.search));
  const rerun = await runOn(servers);
  expect(Object.values(rerun.counts).every((n) => n === 0)).toBe(true);
  expect(fingerprint(await readLedger(servers.ledger), await readSearch(servers.search))).toBe(state);
});

test('the DCO revalued; later the queue cleared a loop and a credex was created: a run the same day only marks them', async () => {
  await yesterday();
  await flagAll();
  const original = await readLedger(servers.ledger);
  const dco = await runOn(servers);
  expect(dco.problems).toEqual([]);
  expect(dco.counts).toMatchObject({ redeemed: 3, credloop: 3, loopAnchors: 1 });
  await write(servers.ledger, 'MATCH (d:Daynode {Active: true}) SET d.DCOrunningNow = false');

  await clearLoop(servers.ledger, 'L2', ['c2', 'c3', 'c4'], 2.5);
  await createCredex(servers.ledger, { credexID: 'c5', denomination: 'USD', amount: 7 });
  await flagAll();
  const before = await readLedger(servers.ledger);

  const report = await runOn(servers);
  // The queue's own writes to c2..c4 (outstanding and redeemed amounts) are not another writer's tampering.
  expect(report.problems).toEqual([]);
  expect(report.tampered).toBeUndefined();
  expect(report.verified).toBe(true);
  const after = await readLedger(servers.ledger);
  for (const id of [...LOOP2, 'L2', 'c5']) expectUntouchedButMarked(before, after, id);
  expect(after.get('c5')!.all).toContain('"RedeemedAmount",0');
  // Yesterday's loop: revalued by the DCO, and only by it.
  for (const id of [...LOOP1, 'L1', 'c1', 'c2', 'c3', 'c4']) {
    for (const [key, value] of Object.entries(before.get(id)!.amounts))
      expect([id, key, after.get(id)!.amounts[key]]).toEqual([id, key, value]);
  }
  for (const id of LOOP1) {
    for (const key of ['AmountRedeemed', 'AmountOutstandingNow'])
      expect([id, key, after.get(id)!.amounts[key]]).toEqual([id, key, once(original.get(id)!, key)]);
  }
  expect(report.counts).toMatchObject({
    redeemed: 3,
    credloop: 3,
    loopAnchors: 1,
    currencyCredexes: 1,
    cxxCredexes: 0,
  });
});
