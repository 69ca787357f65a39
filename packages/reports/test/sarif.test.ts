import {
  automationId,
  buildSarif,
  clampSecuritySeverity,
  parseSeverity,
  repoRelativeUri,
  severityToLevel,
  severityToSecuritySeverity,
  type SarifRunInput,
} from '../src/index';
import { zapRun } from './fixtures';

describe('buildSarif', () => {
  const log = buildSarif([zapRun]);
  const run = log.runs[0]!;

  it('writes a SARIF 2.1.0 log with the driver and its rules', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0\.json$/);
    expect(run.tool.driver).toMatchObject({
      name: 'OWASP ZAP',
      version: '2.15.0',
      informationUri: 'https://www.zaproxy.org/',
    });
    expect(run.tool.driver.rules[0]).toEqual({
      id: '10038',
      name: 'ContentSecurityPolicyHeaderNotSet',
      shortDescription: { text: 'Content Security Policy (CSP) Header Not Set' },
      fullDescription: { text: 'CSP is an added layer of security.' },
      helpUri: 'https://www.zaproxy.org/docs/alerts/10038/',
      help: { text: 'Set the header.', markdown: '**Set** the `Content-Security-Policy` header.' },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['security', 'external/cwe/cwe-693'], 'security-severity': '5.5' },
    });
  });

  it('makes security-severity a numeric string in 0.0–10.0 and drops non-numbers', () => {
    expect(run.tool.driver.rules[1]!.properties).toEqual({ 'security-severity': '10.0' });
    expect(run.tool.driver.rules[2]!.properties).toBeUndefined();
  });

  it('fills ruleIndex and defaults the level from the rule', () => {
    expect(run.results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['40012', 1, 'error'],
      ['10038', 0, 'note'],
      ['lic', 2, 'warning'],
    ]);
  });

  it('writes repository-relative locations with regions, fingerprints and the automation id', () => {
    expect(run.results[0]!.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'docs/openapi.yaml' },
          region: { startLine: 10, startColumn: 3, endLine: 12, endColumn: 1 },
        },
      },
    ]);
    expect(run.results[1]!.locations![0]!.physicalLocation.region).toBeUndefined();
    expect(run.results[0]!.partialFingerprints).toEqual({ 'zap/alertRef': '40012-1' });
    expect(run.automationDetails).toEqual({ id: 'zap-scan/staging/baseline/' });
  });

  it('refuses results that code scanning would reject or that point nowhere', () => {
    const bad =
      (patch: Partial<SarifRunInput['results'][number]>): (() => unknown) =>
      () =>
        buildSarif([{ ...zapRun, results: [{ ruleId: '10038', message: 'x', ...patch }] }]);
    expect(bad({ ruleId: 'nope' })).toThrow('unknown rule nope');
    expect(bad({ locations: [{ uri: 'https://staging.example/v1/login' }] })).toThrow(
      'relative to the repository root',
    );
    expect(bad({ locations: [{ uri: '/etc/passwd' }] })).toThrow('relative to the repository root');
    expect(bad({ locations: [{ uri: 'a', startLine: 0 }] })).toThrow('startLine must be an integer >= 1, got 0');
    expect(bad({ locations: [{ uri: 'a', startLine: 5, endLine: 4 }] })).toThrow('endLine 4 is before startLine 5');
    expect(() =>
      buildSarif([{ ...zapRun, tool: { ...zapRun.tool, rules: [zapRun.tool.rules[0]!, zapRun.tool.rules[0]!] } }]),
    ).toThrow('defined twice');
  });
});

describe('repoRelativeUri', () => {
  it('makes absolute paths relative with forward slashes and percent-encoding', () => {
    expect(repoRelativeUri('/work/repo/docs/open api.yaml', '/work/repo')).toBe('docs/open%20api.yaml');
    expect(repoRelativeUri('./package.json', '/work/repo')).toBe('package.json');
  });

  it('rejects URLs and paths outside the repository', () => {
    expect(() => repoRelativeUri('https://x.example/a', '/r')).toThrow('not a URL');
    expect(() => repoRelativeUri('/elsewhere/a', '/r')).toThrow('outside the repository');
    expect(() => repoRelativeUri('../a', '/r')).toThrow('outside the repository');
  });
});

describe('severity helpers', () => {
  it('maps severities to levels and scores inside GitHub bands', () => {
    expect(['critical', 'high', 'medium', 'low', 'info'].map((s) => severityToLevel(parseSeverity(s)!))).toEqual([
      'error',
      'error',
      'warning',
      'note',
      'note',
    ]);
    expect(severityToSecuritySeverity('critical')).toBe('9.5');
    expect(severityToSecuritySeverity('high')).toBe('8.0');
    expect(severityToSecuritySeverity('medium')).toBe('5.5');
    expect(severityToSecuritySeverity('low')).toBe('2.0');
    expect(parseSeverity(' Moderate ')).toBe('medium');
    expect(parseSeverity('Informational')).toBe('info');
    expect(parseSeverity('urgent')).toBeUndefined();
  });

  it('clamps security-severity to 0.0–10.0 and rejects what is not a number', () => {
    expect(clampSecuritySeverity(7.25)).toBe('7.3');
    expect(clampSecuritySeverity('9.8')).toBe('9.8');
    expect(clampSecuritySeverity(' 4 ')).toBe('4.0');
    expect(clampSecuritySeverity(12)).toBe('10.0');
    expect(clampSecuritySeverity('-1')).toBe('0.0');
    expect(clampSecuritySeverity('high')).toBeUndefined();
    expect(clampSecuritySeverity('')).toBeUndefined();
    expect(clampSecuritySeverity(Number.NaN)).toBeUndefined();
    expect(clampSecuritySeverity(Infinity)).toBeUndefined();
    expect(clampSecuritySeverity(null)).toBeUndefined();
  });

  it('builds automation ids that keep matrix jobs apart', () => {
    expect(automationId('snyk-scan', 'open-source', undefined, 'node/20')).toBe('snyk-scan/open-source/node-20/');
    expect(automationId('snyk-scan', 'a')).not.toBe(automationId('snyk-scan', 'b'));
  });
});
