import { confidenceRank, riskRank, ruleId, type Confidence, type Risk, type ZapAlert } from './model';
import type { RuleAction, RulesFile } from './rules';

export interface EvaluateOptions {
  rules?: RulesFile;
  /** Regexes searched in each instance's URL; matching instances are dropped (e.g. `/v1/devadmin/`). */
  excludePaths: RegExp[];
  /** Alerts at or above this risk fail the gate unless the rules file says otherwise. */
  failOnRisk: Risk;
  /** Alerts below this confidence are dropped. False positives are always dropped. */
  minConfidence: Exclude<Confidence, 'false-positive'>;
}

export interface EvaluatedAlert extends ZapAlert {
  action: Exclude<RuleAction, 'IGNORE'>;
  /** Why the action was chosen: the rules file or the risk threshold. */
  actionSource: 'rules-file' | 'fail-on-risk';
}

export type DropReason = 'rules-file IGNORE' | 'out of scope' | 'excluded path' | 'low confidence' | 'false positive';

export interface Evaluation {
  passed: boolean;
  alerts: EvaluatedAlert[];
  failing: EvaluatedAlert[];
  dropped: { alert: ZapAlert; reason: DropReason }[];
  /** Alerts per risk (after rules) and their instances. */
  counts: Record<Risk, { alerts: number; instances: number }>;
}

export function evaluateAlerts(alerts: ZapAlert[], options: EvaluateOptions): Evaluation {
  const result: Evaluation = {
    passed: true,
    alerts: [],
    failing: [],
    dropped: [],
    counts: {
      high: { alerts: 0, instances: 0 },
      medium: { alerts: 0, instances: 0 },
      low: { alerts: 0, instances: 0 },
      informational: { alerts: 0, instances: 0 },
    },
  };
  for (const alert of alerts) {
    if (alert.confidence === 'false-positive') {
      result.dropped.push({ alert, reason: 'false positive' });
      continue;
    }
    if (confidenceRank(alert.confidence) < confidenceRank(options.minConfidence)) {
      result.dropped.push({ alert, reason: 'low confidence' });
      continue;
    }
    const ruleAction = options.rules?.actions.get(alert.pluginId);
    if (ruleAction === 'IGNORE') {
      result.dropped.push({ alert, reason: 'rules-file IGNORE' });
      continue;
    }
    const outOfScope = (uri: string): boolean =>
      (options.rules?.outOfScope ?? []).some(
        (r) => (r.pluginId === '*' || r.pluginId === alert.pluginId) && r.pattern.test(uri),
      );
    const excluded = (uri: string): boolean => options.excludePaths.some((p) => p.test(uri) || p.test(pathOf(uri)));
    let instances = alert.instances;
    if (instances.length) {
      const inScope = instances.filter((i) => !outOfScope(i.uri));
      if (inScope.length === 0) {
        result.dropped.push({ alert, reason: 'out of scope' });
        continue;
      }
      instances = inScope.filter((i) => !excluded(i.uri));
      if (instances.length === 0) {
        result.dropped.push({ alert, reason: 'excluded path' });
        continue;
      }
    }
    const removed = alert.instances.length - instances.length;
    const evaluated: EvaluatedAlert = {
      ...alert,
      instances,
      count: Math.max(instances.length, alert.count - removed),
      action: ruleAction ?? (riskRank(alert.risk) >= riskRank(options.failOnRisk) ? 'FAIL' : 'WARN'),
      actionSource: ruleAction ? 'rules-file' : 'fail-on-risk',
    };
    result.alerts.push(evaluated);
    result.counts[alert.risk].alerts += 1;
    result.counts[alert.risk].instances += evaluated.count;
    if (evaluated.action === 'FAIL') result.failing.push(evaluated);
  }
  result.alerts.sort((a, b) => riskRank(b.risk) - riskRank(a.risk) || ruleId(a).localeCompare(ruleId(b)));
  result.passed = result.failing.length === 0;
  return result;
}

function pathOf(uri: string): string {
  try {
    const url = new URL(uri);
    return url.pathname + url.search;
  } catch {
    return uri;
  }
}

/** Reads `exclude-paths` entries; errors name the entry. */
export function compileExcludePaths(entries: string[]): RegExp[] {
  return entries.map((entry) => {
    try {
      return new RegExp(entry);
    } catch (error) {
      throw new Error(`${JSON.stringify(entry)} is not a valid regex (${(error as Error).message})`);
    }
  });
}
