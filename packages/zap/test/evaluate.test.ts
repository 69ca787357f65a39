import { compileExcludePaths, evaluateAlerts, excludesTarget, exclusionWarning } from '../src/evaluate';
import type { Risk } from '../src/model';
import { parseZapReport } from '../src/report';
import { parseRulesFile } from '../src/rules';
import { fixture } from './fixtures';

const baseline = () => parseZapReport(fixture('baseline-2.15.json')).alerts;
const none = { excludePaths: [], minConfidence: 'low' as const };

describe('evaluateAlerts', () => {
  it.each([
    ['high', []],
    ['medium', ['10038-1', '10098']],
    ['low', ['10038-1', '10098', '10021']],
    ['informational', ['10038-1', '10098', '10021', '10049']],
  ] as [Risk, string[]][])('fail-on-risk %s fails on %j', (failOnRisk, failing) => {
    const result = evaluateAlerts(baseline(), { ...none, failOnRisk });
    expect(result.failing.map((a) => a.alertRef ?? a.pluginId).sort()).toEqual([...failing].sort());
    expect(result.passed).toBe(failing.length === 0);
  });

  it('always drops false positives and drops alerts below min-confidence', () => {
    const low = evaluateAlerts(baseline(), { ...none, failOnRisk: 'high' });
    expect(low.dropped.map((d) => [d.alert.pluginId, d.reason])).toEqual([['10024', 'false positive']]);
    const high = evaluateAlerts(baseline(), { ...none, minConfidence: 'high', failOnRisk: 'high' });
    expect(high.alerts.map((a) => a.pluginId)).toEqual(['10038']);
  });

  it('drops instances on excluded paths (credex devadmin) and keeps the rest of the alert', () => {
    const result = evaluateAlerts(baseline(), {
      ...none,
      excludePaths: compileExcludePaths(['^/v1/devadmin/']),
      failOnRisk: 'high',
    });
    const csp = result.alerts.find((a) => a.pluginId === '10038')!;
    expect(csp.instances.map((i) => i.uri)).toEqual([
      'https://staging.api.mycredex.app/health',
      'https://staging.api.mycredex.app/v1/login',
    ]);
    expect(csp.count).toBe(2);
    expect(result.counts.medium).toEqual({ alerts: 2, instances: 3 });
  });

  it('applies rules: IGNORE, INFO/WARN never fail, FAIL fails below the threshold, OUTOFSCOPE by regex', () => {
    const mixed = evaluateAlerts(baseline(), {
      ...none,
      rules: parseRulesFile(fixture('rules-mixed.tsv')),
      failOnRisk: 'informational',
    });
    expect(mixed.dropped.map((d) => [d.alert.pluginId, d.reason])).toEqual([
      ['10038', 'rules-file IGNORE'],
      ['10021', 'out of scope'],
      ['10024', 'false positive'],
    ]);
    expect(mixed.alerts.map((a) => [a.pluginId, a.action, a.actionSource])).toEqual([
      ['10098', 'WARN', 'rules-file'],
      ['10049', 'INFO', 'rules-file'],
    ]);
    expect(mixed.passed).toBe(true);
    // ZAP matches OUTOFSCOPE with re.match, from the start of the URL: "/health$" matches no full URL.
    const anchored = evaluateAlerts(baseline(), {
      ...none,
      rules: parseRulesFile('10021\tOUTOFSCOPE\t/health$'),
      failOnRisk: 'low',
    });
    expect(anchored.alerts.find((a) => a.pluginId === '10021')!.instances).toHaveLength(2);
    // 10021's /health instance is out of scope for that plugin only; its /v1/getMember instance stays.
    const scoped = evaluateAlerts(baseline(), {
      ...none,
      rules: parseRulesFile('10021\tOUTOFSCOPE\t.*/health$'),
      failOnRisk: 'low',
    });
    const x = scoped.alerts.find((a) => a.pluginId === '10021')!;
    expect(x.instances.map((i) => i.uri)).toEqual(['https://staging.api.mycredex.app/v1/getMember']);
    expect(x.count).toBe(6);
    expect(scoped.alerts.find((a) => a.pluginId === '10038')!.instances).toHaveLength(3);
    const failOnly = evaluateAlerts(baseline(), {
      ...none,
      rules: parseRulesFile(fixture('rules-fail-only.tsv')),
      failOnRisk: 'high',
    });
    expect(failOnly.failing.map((a) => a.pluginId)).toEqual(['10021']);
    expect(failOnly.passed).toBe(false);
  });

  it('passes an informational-only report at the default threshold', () => {
    const result = evaluateAlerts(parseZapReport(fixture('informational-only.json')).alerts, {
      ...none,
      failOnRisk: 'low',
    });
    expect(result.passed).toBe(true);
    expect(result.counts.informational).toEqual({ alerts: 2, instances: 2 });
  });

  it('PASS drops the rule’s alerts as ZAP’s scripts do (counted nowhere, never failing)', () => {
    const result = evaluateAlerts(baseline(), {
      ...none,
      rules: parseRulesFile('10021\tPASS\t(X-Content-Type-Options)'),
      failOnRisk: 'informational',
    });
    expect(result.dropped).toContainEqual({
      alert: expect.objectContaining({ pluginId: '10021' }),
      reason: 'rules-file PASS',
    });
    expect(result.alerts.map((a) => a.pluginId)).not.toContain('10021');
  });

  it('warns when exclude-paths remove every URL (e.g. ".*"), and names entries that match the target itself', () => {
    const all = evaluateAlerts(baseline(), { ...none, excludePaths: compileExcludePaths(['.*']), failOnRisk: 'low' });
    expect(all.alerts).toEqual([]);
    expect(all.passed).toBe(true);
    expect(exclusionWarning(all, ['.*'])).toMatch(
      /^exclude-paths \(".\*"\) removed every URL the scan reported \(\d+ alert instances\): the gate judged nothing/,
    );
    const some = evaluateAlerts(baseline(), {
      ...none,
      excludePaths: compileExcludePaths(['/v1/devadmin/']),
      failOnRisk: 'low',
    });
    expect(some.excluded.instances).toBeGreaterThan(0);
    expect(exclusionWarning(some, ['/v1/devadmin/'])).toBeUndefined();
    const target = 'https://staging.api.mycredex.app';
    expect(
      excludesTarget(
        target,
        ['.*', '/v1/devadmin/', 'staging'],
        compileExcludePaths(['.*', '/v1/devadmin/', 'staging']),
      ),
    ).toEqual(['.*', 'staging']);
  });

  it('rejects a bad exclude regex by name', () => {
    expect(() => compileExcludePaths(['(devadmin'])).toThrow(/"\(devadmin" is not a valid regex/);
  });
});
