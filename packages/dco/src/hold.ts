import type { Session } from 'neo4j-driver';
import { MODEL } from './config';

const { running: RUNNING, runId: HOLDER } = MODEL.hold;

export type HoldResult =
  /** We set DCOrunningNow (or took over the one a dead run of this step left). */
  | { ok: true; tookOverFrom?: string }
  /** DCOrunningNow was set by someone else (credex-core's DCO): not ours to set or reset. */
  | { ok: false; problem: string };

/**
 * Holds credex-core's minute transaction queue off for this run: sets DCOrunningNow on the Active Daynode and
 * records the run that set it (DCOholdRunId), in one statement. Called under the lease, so a hold recorded for
 * another run of this step belongs to a run that died: it is taken over. A DCOrunningNow set by anything else
 * (credex-core's DCO) is left alone and the run is refused.
 */
export async function holdQueue(session: Session, runId: string): Promise<HoldResult> {
  const result = await session.executeWrite((tx) =>
    tx.run(
      `MATCH (d:Daynode) WHERE d.Active = true
       WITH d, coalesce(d.${RUNNING}, false) = true AS running, d.${HOLDER} AS holder
       WITH d, holder, running AND holder IS NULL AS others
       SET d.${RUNNING} = CASE WHEN others THEN d.${RUNNING} ELSE true END,
         d.${HOLDER} = CASE WHEN others THEN null ELSE $runId END
       RETURN others, holder`,
      { runId },
    ),
  );
  const record = result.records[0];
  if (!record) return { ok: false, problem: 'no Active Daynode to hold the transaction queue on' };
  if (record.get('others') === true) {
    return {
      ok: false,
      problem:
        'DCOrunningNow is already set on the Active Daynode, and not by this step (a DCO in progress, or one that died); rerun when it is clear, or with hold-queue: false',
    };
  }
  const holder = record.get('holder') as string | null;
  return holder && holder !== runId ? { ok: true, tookOverFrom: holder } : { ok: true };
}

/**
 * Resets DCOrunningNow where this run set it (found by run id, so also after the Active Daynode moved on), never
 * anywhere else. `runIds` may include a dead run whose hold this one inherited with its lease.
 */
export async function releaseHold(session: Session, runIds: string[]): Promise<number> {
  const result = await session.executeWrite((tx) =>
    tx.run(
      `MATCH (d:Daynode) WHERE d.${HOLDER} IN $runIds SET d.${RUNNING} = false REMOVE d.${HOLDER} RETURN count(d) AS n`,
      { runIds },
    ),
  );
  const n = result.records[0]?.get('n') as { toNumber(): number } | number | undefined;
  return typeof n === 'number' ? n : (n?.toNumber() ?? 0);
}
