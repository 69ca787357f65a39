import { confidenceRank, riskRank, ruleId, type Confidence, type Risk, type ZapAlert } from './model';
import { isOutOfScope, type RuleAction, type RulesFile } from './rules';

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
  action: Exclude<RuleAction, 'IGNORE' | 'PASS'>;
  /** Why the action was chosen: the rules file or the risk threshold. */
  actionSource: 'rules-file' | 'fail-on-risk';
}

export type DropReason =
  'rules-file IGNORE' | 'rules-file PASS' | 'out of scope' | 'excluded path' | 'low confidence' | 'false positive';

export interface Evaluation {
  passed: boolean;
  alerts: EvaluatedAlert[];
  failing: EvaluatedAlert[];
  dropped: { alert: ZapAlert; reason: DropReason }[];
  /** Alerts per risk (after rules) and their instances. */
  counts: Record<Risk, { alerts: number; instances: number }>;
  /** URLs (alert instances) that exclude-paths removed, out of those left after the rules file. */
  excluded: { instances: number; of: number };
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
    excluded: { instances: 0, of: 0 },
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
    // ZAP's scripts count a PASS rule's alerts nowhere (not ignored, not reported): they never fail or show.
    if (ruleAction === 'IGNORE' || ruleAction === 'PASS') {
      result.dropped.push({ alert, reason: `rules-file ${ruleAction}` });
      continue;
    }
    const outOfScope = (uri: string): boolean => isOutOfScope(options.rules, alert.pluginId, uri);
    const excluded = (uri: string): boolean => options.excludePaths.some((p) => p.test(uri) || p.test(pathOf(uri)));
    let instances = alert.instances;
    if (instances.length) {
      const inScope = instances.filter((i) => !outOfScope(i.uri));
      if (inScope.length === 0) {
        result.dropped.push({ alert, reason: 'out of scope' });
        continue;
      }
      instances = inScope.filter((i) => !excluded(i.uri));
      result.excluded.of += inScope.length;
      result.excluded.instances += inScope.length - instances.length;
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

/**
 * A warning when exclude-paths removed every URL the report had for the alerts (e.g. `.*`): the gate then passes on
 * nothing, which is never what a scan is for.
 */
export function exclusionWarning(evaluation: Evaluation, excludePaths: string[]): string | undefined {
  const { instances, of } = evaluation.excluded;
  if (excludePaths.length === 0 || of === 0 || instances < of) return undefined;
  return `exclude-paths (${excludePaths.map((p) => JSON.stringify(p)).join(', ')}) removed every URL the scan reported (${of} alert instance${of === 1 ? '' : 's'}): the gate judged nothing; check the patterns`;
}

/** The exclude-paths entries that match the scan target itself: ZAP would then request nothing at all. */
export function excludesTarget(target: string, excludePaths: string[], regexes: RegExp[]): string[] {
  let path = target;
  try {
    const url = new URL(target);
    path = url.pathname + url.search;
  } catch {
    // not a URL: test the text as it is
  }
  return excludePaths.filter((_, i) => regexes[i]!.test(target) || regexes[i]!.test(path));
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
