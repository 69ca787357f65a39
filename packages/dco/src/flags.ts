import neo4j, { type Driver } from 'neo4j-driver';
import { q, type DcoConfig } from './config';
import { progressLine, type Reporter } from './progress';
import { streamRows } from './stream';
import { flagCondition } from './steps';
import { count } from './values';

export type FlagTarget = 'credexes' | 'redeemed' | 'credloop' | 'loopAnchors';

export interface FlagChange {
  target: FlagTarget;
  set: number;
  cleared: number;
}

interface FlagRule {
  target: FlagTarget;
  entity: 'node' | 'rel';
  pattern: string;
  /** Expression: should `e` carry the flag. */
  wanted: (config: DcoConfig) => string;
}

/** Outstanding (something still owed) or pending (an offer or request not yet accepted). */
const LIVE_CREDEX = 'coalesce(toFloat(e.OutstandingAmount), 0.0) > 0.0 OR EXISTS { (e)-[:OFFERS|REQUESTS]-() }';

const RULES: FlagRule[] = [
  { target: 'credexes', entity: 'node', pattern: '(e:Credex)', wanted: () => LIVE_CREDEX },
  { target: 'redeemed', entity: 'rel', pattern: '()-[e:REDEEMED]->()', wanted: (c) => String(c.history === 'revalue') },
  { target: 'credloop', entity: 'rel', pattern: '()-[e:CREDLOOP]->()', wanted: (c) => String(c.history === 'revalue') },
  { target: 'loopAnchors', entity: 'node', pattern: '(e:LoopAnchor)', wanted: (c) => String(c.history === 'revalue') },
];

function setFlag(config: DcoConfig, entity: 'node' | 'rel'): string {
  return entity === 'node' && config.flagLabel
    ? `SET e:${q(config.flagLabel)}`
    : `SET e.${q(config.flagProperty)} = true`;
}

function clearFlag(config: DcoConfig, entity: 'node' | 'rel'): string {
  return entity === 'node' && config.flagLabel
    ? `REMOVE e:${q(config.flagLabel)}`
    : `REMOVE e.${q(config.flagProperty)}`;
}

function selection(config: DcoConfig, rule: FlagRule, action: 'set' | 'clear'): string {
  const flagged = `coalesce(${flagCondition(config, rule.entity)}, false)`;
  const wanted = `coalesce(${rule.wanted(config)}, false)`;
  return action === 'set'
    ? `MATCH ${rule.pattern} WHERE ${wanted} AND NOT ${flagged}`
    : `MATCH ${rule.pattern} WHERE ${flagged} AND NOT ${wanted}`;
}

/**
 * `mode: flag`: sets the flag on live credexes and clears it on settled ones; REDEEMED, CREDLOOP and LoopAnchors are
 * all flagged (`history: revalue`) or all cleared (`history: freeze`). Only entities whose flag must change are
 * written, in batches. With `dryRun` it only counts.
 */
export async function maintainFlags(
  driver: Driver,
  database: string | undefined,
  config: DcoConfig,
  reporter: Reporter,
  options: { dryRun: boolean; signal?: AbortSignal },
): Promise<FlagChange[]> {
  const changes: FlagChange[] = [];
  for (const rule of RULES) {
    const change: FlagChange = { target: rule.target, set: 0, cleared: 0 };
    for (const action of ['set', 'clear'] as const) {
      const match = selection(config, rule, action);
      if (options.dryRun) {
        const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
        try {
          const result = await session.run(`${match} RETURN count(e) AS n`);
          const n = count(result.records[0]?.get('n'));
          if (action === 'set') change.set = n;
          else change.cleared = n;
        } finally {
          await session.close();
        }
        continue;
      }
      const started = Date.now();
      let n = 0;
      const write = action === 'set' ? setFlag(config, rule.entity) : clearFlag(config, rule.entity);
      await streamRows(
        driver,
        database,
        `${match}
CALL { WITH e ${write} RETURN 1 AS changed } IN TRANSACTIONS OF $batch ROWS
RETURN changed`,
        { batch: neo4j.int(config.batchSize) },
        {
          signal: options.signal,
          onRow: () => {
            n++;
            if (n % config.batchSize === 0) reporter.info(progressLine(`${rule.target} ${action}`, n, n, started));
          },
        },
      );
      if (action === 'set') change.set = n;
      else change.cleared = n;
    }
    reporter.info(
      `${rule.target}: flag set on ${change.set}, cleared on ${change.cleared}${options.dryRun ? ' (dry run)' : ''}`,
    );
    changes.push(change);
  }
  return changes;
}
