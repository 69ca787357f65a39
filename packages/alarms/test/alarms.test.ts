import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { changedFields, sameDashboard } from '../src/compare';
import { dashboardBody } from '../src/dashboard';
import { instanceKey } from '../src/names';
import { planChanges } from '../src/plan';
import { DEFAULT_ALARM_THRESHOLDS, desiredAlarms, type AlarmSettings } from '../src/spec';

const settings: AlarmSettings = {
  environment: 'staging',
  loadBalancer: 'app/credex-alb-staging/50dc6c495c0c9188',
  ecs: { cluster: 'credex-cluster-staging', service: 'credex-core-service-staging' },
  neo4j: [{ name: 'ledger', instanceId: 'i-0123456789abcdef0' }, { name: 'search' }],
  thresholds: DEFAULT_ALARM_THRESHOLDS,
  alarmActions: ['arn:aws:sns:af-south-1:123456789012:b', 'arn:aws:sns:af-south-1:123456789012:a'],
  okActions: [],
};

/** What DescribeAlarms gives back for an alarm PutMetricAlarm created from the spec (the shape moto and AWS use). */
function asDescribed(name: string): MetricAlarm {
  const spec = desiredAlarms(settings).find((a) => a.AlarmName === name)!;
  const { group: _g, rollback: _r, ...fields } = spec;
  return {
    ...fields,
    AlarmArn: `arn:aws:cloudwatch:af-south-1:123456789012:alarm:${name}`,
    StateValue: 'OK',
    AlarmActions: [...spec.AlarmActions].reverse(),
    Dimensions: [...(spec.Dimensions ?? [])].reverse(),
    Metrics: spec.Metrics?.map(({ ReturnData, ...q }) => (ReturnData === false ? { ...q, ReturnData } : q)),
  };
}

describe('desired alarms', () => {
  const alarms = desiredAlarms(settings);
  const names = alarms.map((a) => a.AlarmName);

  it('names every alarm under the environment prefix; host alarms only for instances with an EC2 id', () => {
    expect(names).toEqual([
      'credex-core-staging-alb-5xx-rate',
      'credex-core-staging-target-response-time',
      'credex-core-staging-ecs-cpu',
      'credex-core-staging-ecs-memory',
      'credex-core-staging-neo4j-ledger-cpu',
      'credex-core-staging-neo4j-ledger-memory',
      ...['host-memory', 'heap', 'disk-free', 'page-cache-hits', 'longest-transaction', 'failed-checks'].map(
        (s) => `credex-core-staging-neo4j-ledger-${s}`,
      ),
      ...['host-memory', 'heap', 'disk-free', 'page-cache-hits', 'longest-transaction', 'failed-checks'].map(
        (s) => `credex-core-staging-neo4j-search-${s}`,
      ),
    ]);
    expect(alarms.filter((a) => a.rollback).map((a) => a.AlarmName)).toEqual(names.slice(0, 2));
  });

  it("holds each condition for the sizing document's 5 minutes of one-minute periods", () => {
    const rate = alarms[0]!;
    expect(rate).toMatchObject({ Threshold: 1, EvaluationPeriods: 5, DatapointsToAlarm: 5 });
    expect(rate.Period).toBeUndefined();
    expect(rate.Metrics?.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Period)).toEqual([60, 60, 60]);
    expect(alarms[1]).toMatchObject({ MetricName: 'TargetResponseTime', Period: 60, Threshold: 1 });
  });

  it('keys EC2-only instances by their Name tag', () => {
    expect(instanceKey('Neo4j-LedgerSpace-staging', 'staging')).toBe('ledgerspace');
    expect(instanceKey('Neo4j-SearchSpace-model_001', 'model_001')).toBe('searchspace');
    expect(instanceKey('ledger', 'staging')).toBe('ledger');
  });
});

describe('comparison and plan', () => {
  it('sees no change in an alarm as CloudWatch describes it (defaults filled in, lists in another order)', () => {
    for (const name of ['credex-core-staging-alb-5xx-rate', 'credex-core-staging-ecs-cpu']) {
      const spec = desiredAlarms(settings).find((a) => a.AlarmName === name)!;
      expect(changedFields(asDescribed(name), spec)).toEqual([]);
    }
  });

  it('names the fields that differ', () => {
    const spec = desiredAlarms(settings)[0]!;
    const described = { ...asDescribed(spec.AlarmName), Threshold: 5, TreatMissingData: undefined };
    expect(changedFields(described, spec)).toEqual(['Threshold', 'TreatMissingData']);
  });

  it('creates what is missing, keeps or prunes what is no longer wanted, and compares dashboards as JSON', () => {
    const alarms = desiredAlarms(settings);
    const body = dashboardBody(alarms, { environment: 'staging', region: 'af-south-1', alarmArnPrefix: 'arn:x:' });
    const current = {
      alarms: new Map([
        [alarms[0]!.AlarmName, asDescribed(alarms[0]!.AlarmName)],
        ['credex-core-staging-neo4j-old-cpu', { AlarmName: 'credex-core-staging-neo4j-old-cpu' }],
      ]),
      dashboardBody: JSON.stringify(JSON.parse(body), null, 2),
    };
    const wanted = { alarms, dashboardName: 'credex-core-staging', dashboardBody: body, prune: false };
    const kept = planChanges(current, wanted);
    expect(kept.filter((c) => c.action === 'create')).toHaveLength(alarms.length - 1);
    expect(kept.find((c) => c.name === alarms[0]!.AlarmName)?.action).toBe('unchanged');
    expect(kept.find((c) => c.name === 'credex-core-staging-neo4j-old-cpu')?.action).toBe('unchanged');
    expect(kept.at(-1)).toEqual({ kind: 'dashboard', name: 'credex-core-staging', action: 'unchanged', fields: [] });
    const pruned = planChanges(current, { ...wanted, prune: true });
    expect(pruned.find((c) => c.name === 'credex-core-staging-neo4j-old-cpu')?.action).toBe('delete');
    expect(sameDashboard(body.replace('"alarm threshold"', '"limit"'), body)).toBe(false);
  });
});
