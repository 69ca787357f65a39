import neo4j from 'neo4j-driver';
import type { DcoConfig } from './config';
import type { Plan } from './plan';
import type { Target } from './search';
import { STEPS, anchorBinding, asOfExpression, cxxExpression, matchFlagged, pendingCondition } from './steps';
import { asNumber } from './values';
import { q } from './config';

export interface Sample {
  category: string;
  denomination: string;
  property: string;
  before: number | null;
  after: number | null;
}

/** A few flagged entities per category with their amounts now and after the revaluation the plan would apply. */
export async function sampleChanges(target: Target, config: DcoConfig, plan: Plan, perCategory = 3): Promise<Sample[]> {
  const active = plan.active!;
  const samples: Sample[] = [];
  const session = target.driver.session({ database: target.database, defaultAccessMode: neo4j.session.READ });
  try {
    for (const step of STEPS) {
      const amounts = step.amounts.map((a) => `e.${q(a)}`).join(', ');
      const result = await session.run(
        `${matchFlagged(config, step)} AND ${pendingCondition(config)}
         ${anchorBinding(step)}WITH e, ${asOfExpression(config, step)} AS asOf
         RETURN ${cxxExpression(step)} AS cxx, toString(asOf) AS asOf, asOf >= $date AS current,
           e.Denomination AS denomination, [${amounts}] AS amounts, e.CXXmultiplier AS multiplier
         LIMIT $limit`,
        { date: active.date, prevDate: active.prevDate, limit: neo4j.int(perCategory) },
      );
      for (const r of result.records) {
        const cxx = r.get('cxx') === true;
        const current = r.get('current') === true;
        const denomination = cxx ? 'CXX' : String(r.get('denomination'));
        const multiplier = asNumber(r.get('multiplier'));
        const factor = plan.factors[r.get('asOf') as string];
        const rate = plan.rates[denomination];
        (r.get('amounts') as unknown[]).forEach((raw, i) => {
          const before = asNumber(raw) ?? null;
          let after = before;
          if (before !== null && !current) {
            after = cxx ? before / (factor ?? NaN) : (before / (multiplier ?? NaN)) * (rate ?? NaN);
          }
          samples.push({ category: step.category, denomination, property: step.amounts[i]!, before, after });
        });
      }
    }
  } finally {
    await session.close();
  }
  return samples;
}
