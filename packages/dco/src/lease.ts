import type { Session } from 'neo4j-driver';
import { MODEL } from './config';
import { asNumber } from './values';

export type LeaseResult =
  { ok: true; tookOverFrom?: string } | { ok: false; problem: string; noActiveDaynode?: boolean };

const { runId: RUN_ID, expiresAt: EXPIRES_AT } = MODEL.lease;

/**
 * Takes the lease on the Active Daynode: its run id and expiry (epoch ms). The Daynode is write-locked first
 * (SET of a scratch property in the same transaction), so two runs deciding at the same moment are serialised and
 * the second sees the first's lease. A lease held by another run is taken only when it has expired or when
 * `breakLease` is set (a run that died).
 */
export async function takeLease(
  session: Session,
  runId: string,
  ttlMs: number,
  breakLease: boolean,
  now = Date.now(),
): Promise<LeaseResult> {
  return session.executeWrite(async (tx) => {
    const locked = await tx.run(
      `MATCH (d:Daynode) WHERE d.Active = true
       WITH collect(d) AS active WHERE size(active) = 1
       UNWIND active AS d SET d.DCOleaseLock = true RETURN count(d) AS n`,
    );
    if (asNumber(locked.records[0]?.get('n')) !== 1)
      return { ok: false, problem: 'no single Active Daynode to lease', noActiveDaynode: true };
    const current = await tx.run(
      `MATCH (d:Daynode) WHERE d.Active = true RETURN d.${RUN_ID} AS holder, d.${EXPIRES_AT} AS expiresAt`,
    );
    const holder = current.records[0]?.get('holder') as string | null;
    const expiresAt = asNumber(current.records[0]?.get('expiresAt')) ?? 0;
    const heldByOther = holder !== null && holder !== runId;
    if (heldByOther && expiresAt > now && !breakLease) {
      await tx.run('MATCH (d:Daynode) WHERE d.Active = true REMOVE d.DCOleaseLock');
      const left = Math.ceil((expiresAt - now) / 1000);
      return {
        ok: false,
        problem: `another run (${holder}) holds the DCO lease on the Active Daynode for ${left} s more; if it died, rerun with break-lease: true`,
      };
    }
    await tx.run(
      `MATCH (d:Daynode) WHERE d.Active = true SET d.${RUN_ID} = $runId, d.${EXPIRES_AT} = $expiresAt REMOVE d.DCOleaseLock`,
      { runId, expiresAt: now + ttlMs },
    );
    return heldByOther ? { ok: true, tookOverFrom: holder } : { ok: true };
  });
}

/** Extends our lease; false when it is no longer ours (someone broke it). */
export async function renewLease(session: Session, runId: string, ttlMs: number): Promise<boolean> {
  const result = await session.executeWrite((tx) =>
    tx.run(
      `MATCH (d:Daynode) WHERE d.Active = true AND d.${RUN_ID} = $runId SET d.${EXPIRES_AT} = $expiresAt RETURN count(d) AS n`,
      { runId, expiresAt: Date.now() + ttlMs },
    ),
  );
  return asNumber(result.records[0]?.get('n')) === 1;
}

/** Gives the lease back if it is still ours. */
export async function releaseLease(session: Session, runId: string): Promise<void> {
  await session.executeWrite((tx) =>
    tx.run(`MATCH (d:Daynode) WHERE d.${RUN_ID} = $runId REMOVE d.${RUN_ID}, d.${EXPIRES_AT}`, { runId }),
  );
}
