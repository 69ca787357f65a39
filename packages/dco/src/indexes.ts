import type { Session } from 'neo4j-driver';
import { q, type DcoConfig } from './config';

interface IndexSpec {
  entity: 'node' | 'rel';
  name: string;
  property: string;
}

/** Range indexes the run relies on: the flag on every label/type it scans, and credexID for the SearchSpace sync. */
export function ledgerIndexSpecs(config: DcoConfig, withSearch: boolean): IndexSpec[] {
  const specs: IndexSpec[] = [];
  if (!config.flagLabel) {
    specs.push({ entity: 'node', name: 'Credex', property: config.flagProperty });
    specs.push({ entity: 'node', name: 'LoopAnchor', property: config.flagProperty });
  }
  specs.push({ entity: 'rel', name: 'REDEEMED', property: config.flagProperty });
  specs.push({ entity: 'rel', name: 'CREDLOOP', property: config.flagProperty });
  if (withSearch) specs.push({ entity: 'node', name: 'Credex', property: 'credexID' });
  return specs;
}

export const searchIndexSpecs: IndexSpec[] = [{ entity: 'node', name: 'Credex', property: 'credexID' }];

function describe(spec: IndexSpec): string {
  return spec.entity === 'node' ? `(:${spec.name} {${spec.property}})` : `[:${spec.name} {${spec.property}}]`;
}

/** Which of the specs have no online-or-populating index whose first property is the one we filter on. */
export async function missingIndexes(session: Session, specs: IndexSpec[]): Promise<IndexSpec[]> {
  const result = await session.run(
    "SHOW INDEXES YIELD entityType, labelsOrTypes, properties, type WHERE type IN ['RANGE', 'BTREE'] RETURN entityType, labelsOrTypes, properties",
  );
  const have = new Set(
    result.records.map((r) => {
      const entity = r.get('entityType') === 'NODE' ? 'node' : 'rel';
      const names = (r.get('labelsOrTypes') as string[] | null) ?? [];
      const props = (r.get('properties') as string[] | null) ?? [];
      return `${entity}|${names[0] ?? ''}|${props[0] ?? ''}`;
    }),
  );
  return specs.filter((s) => !have.has(`${s.entity}|${s.name}|${s.property}`));
}

/** Creates the missing indexes and waits for them to come online; returns what was created, for the report. */
export async function ensureIndexes(session: Session, specs: IndexSpec[], timeoutSeconds = 600): Promise<string[]> {
  const missing = await missingIndexes(session, specs);
  for (const spec of missing) {
    const pattern = spec.entity === 'node' ? `(e:${q(spec.name)})` : `()-[e:${q(spec.name)}]-()`;
    await session.run(`CREATE INDEX IF NOT EXISTS FOR ${pattern} ON (e.${q(spec.property)})`);
  }
  if (missing.length) await session.run(`CALL db.awaitIndexes(${Math.floor(timeoutSeconds)})`);
  return missing.map(describe);
}

export async function describeMissing(session: Session, specs: IndexSpec[]): Promise<string[]> {
  return (await missingIndexes(session, specs)).map(describe);
}
