import { buildReport, renderLicenseJUnit, renderSummary, shouldFail } from '../src/report';
import { DEFAULT_LIMITS } from '../src/limits';
import type { CaseResult } from '../src/types';

const r = (c: CaseResult['case'], instance: string, status: CaseResult['status'], reason: string): CaseResult => ({
  case: c,
  environment: 'staging',
  instance,
  status,
  reason,
  details: [`detail of ${c}`],
  durationMs: 12,
});

const results = [
  r('resources', 'ledger', 'fail', 'EC2 r5.12xlarge has 384 GiB > 256 GiB'),
  r('license', 'ledger', 'pass', 'edition enterprise, version 5.26.0'),
  r('instance-count', '*', 'warn', '2 of 3 allowed, but inventory and EC2 disagree (1 mismatch)'),
  r('expiry', 'ledger', 'skipped', 'no license details'),
  r('license', 'search', 'fail', 'edition community (version 5.26.0): the Enterprise license is not applied'),
];
const report = buildReport({
  mode: 'read-only',
  environments: ['staging'],
  limits: DEFAULT_LIMITS,
  instances: [],
  mismatches: [
    {
      environment: 'staging',
      kind: 'ec2-only',
      name: 'Neo4j-X',
      detail: 'Neo4j-X (i-1, t3.medium) runs in EC2 but is not in the inventory',
    },
  ],
  results,
  now: new Date('2026-11-28T12:00:00.123Z'),
});

describe('report', () => {
  it('orders results by case and counts them', () => {
    expect(report.results.map((x) => `${x.case}:${x.instance}`)).toEqual([
      'license:ledger',
      'license:search',
      'instance-count:*',
      'resources:ledger',
      'expiry:ledger',
    ]);
    expect(report.counts).toEqual({ pass: 1, fail: 2, warn: 1, skipped: 1 });
  });

  it('decides the exit by fail-on', () => {
    expect(shouldFail({ pass: 1, fail: 0, warn: 1, skipped: 0 }, 'fail')).toBe(false);
    expect(shouldFail({ pass: 1, fail: 0, warn: 1, skipped: 0 }, 'warn')).toBe(true);
    expect(shouldFail({ pass: 1, fail: 0, warn: 0, skipped: 3 }, 'warn')).toBe(false);
    expect(shouldFail({ pass: 0, fail: 2, warn: 0, skipped: 0 }, 'fail')).toBe(true);
    expect(shouldFail({ pass: 0, fail: 2, warn: 1, skipped: 0 }, 'never')).toBe(false);
  });

  it('writes one JUnit testcase per case and instance', () => {
    const xml = renderLicenseJUnit(report);
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toContain(
      '<testsuite name="neo4j-license-check staging" id="0" tests="5" failures="2" errors="0" skipped="1"',
    );
    expect(xml).toContain('name="1 License application [search]"');
    expect(xml).toContain('<failure message="EC2 r5.12xlarge has 384 GiB &gt; 256 GiB" type="LicenseCheckFailed">');
    expect(xml).toContain('name="2 Instance count [staging]"');
    expect(xml).toContain('<skipped message="no license details"/>');
  });

  it('renders a matrix with every non-pass reason', () => {
    const md = renderSummary(report);
    expect(md).toContain('| Case | ledger | search |');
    expect(md).toContain('| 1 License application | ✅ pass | ❌ fail |');
    expect(md).toContain('| 2 Instance count | ⚠️ warn | ⚠️ warn |');
    expect(md).toContain('| 6 License renewal | — | — |');
    for (const x of results.filter((y) => y.status !== 'pass')) expect(md).toContain(x.reason);
    expect(md).toContain('1 passed, 2 failed, 1 warnings, 1 skipped across staging.');
    expect(md).toContain(
      '**Inventory and EC2 disagree:**\n\n- Neo4j-X (i-1, t3.medium) runs in EC2 but is not in the inventory',
    );
  });
});
