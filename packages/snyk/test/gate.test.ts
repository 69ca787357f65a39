import { evaluateGate, type FailOn } from '../src/gate';
import { IgnoreRuleError, parseIgnoreRules } from '../src/ignores';
import type { SnykProject } from '../src/model';
import { parseSnykReport } from '../src/parse';
import type { Severity } from '../src/severity';
import { fixture } from './fixtures';

// npm-object.json: critical upgradable, high upgradable, medium patchable, low with no fix.
const projects = (): SnykProject[] => parseSnykReport(fixture('npm-object.json'));
const NOW = new Date('2026-11-28T12:00:00Z');

describe('evaluateGate', () => {
  const matrix: [Severity, FailOn, string[]][] = [
    [
      'low',
      'all',
      ['SNYK-JS-LODASH-567746', 'SNYK-JS-JSONWEBTOKEN-3180022', 'SNYK-JS-SEMVER-3247795', 'SNYK-JS-DEBUG-12345'],
    ],
    ['medium', 'all', ['SNYK-JS-LODASH-567746', 'SNYK-JS-JSONWEBTOKEN-3180022', 'SNYK-JS-SEMVER-3247795']],
    ['high', 'all', ['SNYK-JS-LODASH-567746', 'SNYK-JS-JSONWEBTOKEN-3180022']],
    ['critical', 'all', ['SNYK-JS-JSONWEBTOKEN-3180022']],
    ['low', 'upgradable', ['SNYK-JS-LODASH-567746', 'SNYK-JS-JSONWEBTOKEN-3180022']],
    ['low', 'patchable', ['SNYK-JS-LODASH-567746', 'SNYK-JS-JSONWEBTOKEN-3180022', 'SNYK-JS-SEMVER-3247795']],
    ['medium', 'patchable', ['SNYK-JS-LODASH-567746', 'SNYK-JS-JSONWEBTOKEN-3180022', 'SNYK-JS-SEMVER-3247795']],
    ['critical', 'upgradable', ['SNYK-JS-JSONWEBTOKEN-3180022']],
  ];
  it.each(matrix)('threshold %s, fail-on %s fails on exactly the expected issues', (threshold, failOn, expected) => {
    const result = evaluateGate(projects(), { severityThreshold: threshold, failOn, ignores: [], now: NOW });
    expect(result.failing.map((f) => f.id)).toEqual(expected);
    expect(result.passed).toBe(false);
    expect(result.counts).toEqual({ critical: 1, high: 1, medium: 1, low: 1 });
  });

  it('passes when every failing issue is ignored, and counts ignored ones apart', () => {
    const ignores = parseIgnoreRules([
      {
        id: 'SNYK-JS-JSONWEBTOKEN-3180022',
        reason: 'token verification is done by the gateway',
        expires: '2027-01-31',
      },
      { id: 'SNYK-JS-LODASH-567746', reason: 'not reachable', package: 'lodash@4.17.15' },
    ]);
    const result = evaluateGate(projects(), { severityThreshold: 'high', failOn: 'all', ignores, now: NOW });
    expect(result.passed).toBe(true);
    expect(result.ignored.map((i) => i.finding.id)).toEqual(['SNYK-JS-LODASH-567746', 'SNYK-JS-JSONWEBTOKEN-3180022']);
    expect(result.counts).toEqual({ critical: 0, high: 0, medium: 1, low: 1 });
    expect(result.expired).toEqual([]);
  });

  it('stops applying an expired ignore and reports it (expiry is inclusive of its day)', () => {
    const ignores = parseIgnoreRules([
      { id: 'SNYK-JS-JSONWEBTOKEN-3180022', reason: 'waiting for v9', expires: '2026-11-27' },
    ]);
    const expired = evaluateGate(projects(), { severityThreshold: 'critical', failOn: 'all', ignores, now: NOW });
    expect(expired.passed).toBe(false);
    expect(expired.expired.map((r) => r.id)).toEqual(['SNYK-JS-JSONWEBTOKEN-3180022']);
    const lastDay = evaluateGate(projects(), {
      severityThreshold: 'critical',
      failOn: 'all',
      ignores,
      now: new Date('2026-11-27T23:00:00Z'),
    });
    expect(lastDay.passed).toBe(true);
  });

  it('an ignore for another package version does not apply', () => {
    const ignores = parseIgnoreRules([{ id: 'SNYK-JS-LODASH-567746', reason: 'x', package: 'lodash@4.17.11' }]);
    const result = evaluateGate(projects(), { severityThreshold: 'high', failOn: 'all', ignores, now: NOW });
    expect(result.ignored).toEqual([]);
  });

  it('fails when a project could not be tested even with no issues', () => {
    const result = evaluateGate(parseSnykReport(fixture('error.json')), {
      severityThreshold: 'low',
      failOn: 'all',
      ignores: [],
    });
    expect(result.passed).toBe(false);
    expect(result.errors[0]?.error).toMatch(/Authentication failed/);
  });

  it('passes a clean project', () => {
    const clean = parseSnykReport(fixture('all-projects-array.json')).slice(1, 2);
    expect(evaluateGate(clean, { severityThreshold: 'low', failOn: 'all', ignores: [] }).passed).toBe(true);
  });
});

describe('parseIgnoreRules', () => {
  it('needs a reason, a valid date and a list', () => {
    expect(() => parseIgnoreRules([{ id: 'X' }])).toThrow(/\(X\) needs a reason/);
    expect(() => parseIgnoreRules([{ id: 'X', reason: 'r', expires: 'soon' }])).toThrow(/expires must be a date/);
    expect(() => parseIgnoreRules([{ id: 'X', reason: 'r', expires: '2026-13-45' }])).toThrow(IgnoreRuleError);
    expect(() => parseIgnoreRules('X')).toThrow(/YAML list/);
    expect(parseIgnoreRules(undefined)).toEqual([]);
  });
});
