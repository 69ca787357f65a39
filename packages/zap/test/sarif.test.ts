import { validateSarif } from '../../reports/src/validate-sarif';
import { evaluateAlerts } from '../src/evaluate';
import { parseZapReport } from '../src/report';
import { zapToSarif } from '../src/sarif';
import { fixture } from './fixtures';

describe('zapToSarif', () => {
  it.each([
    'baseline-2.15.json',
    'legacy-2.8-no-alertref.json',
    'multi-site.json',
    'informational-only.json',
    'high-risk.json',
  ])('%s gives schema-valid SARIF located on a repository file', (name) => {
    const evaluation = evaluateAlerts(parseZapReport(fixture(name)).alerts, {
      excludePaths: [],
      minConfidence: 'low',
      failOnRisk: 'low',
    });
    const sarif = zapToSarif(evaluation.alerts, { location: 'docs/openapi.yaml' });
    expect(validateSarif(sarif)).toEqual([]);
    for (const result of sarif.runs[0]!.results) {
      expect(result.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe('docs/openapi.yaml');
    }
    for (const rule of sarif.runs[0]!.tool.driver.rules)
      expect(rule.properties?.['security-severity']).toMatch(/^\d+\.\d$/);
  });

  it('puts URL, method, parameter and evidence in the message, CWE as a tag, level by risk', () => {
    const evaluation = evaluateAlerts(parseZapReport(fixture('high-risk.json')).alerts, {
      excludePaths: [],
      minConfidence: 'low',
      failOnRisk: 'low',
    });
    const sarif = zapToSarif(evaluation.alerts, { location: '.github/workflows/zap.yml' });
    const run = sarif.runs[0]!;
    const xss = run.tool.driver.rules.find((r) => r.id === '40012')!;
    expect(xss.properties).toMatchObject({
      'security-severity': '8.0',
      tags: ['security', 'dast', 'zap', 'external/cwe/cwe-79'],
    });
    expect(xss.defaultConfiguration?.level).toBe('error');
    const result = run.results.find((r) => r.ruleId === '40012')!;
    expect(result.message.text).toBe(
      'Cross Site Scripting (Reflected) (high risk, medium confidence) at POST https://staging.api.mycredex.app/v1/onboardMember; parameter: firstname; attack: <scrIpt>alert(1);</scRipt>; evidence: <scrIpt>alert(1);</scRipt>',
    );
    expect(run.results.find((r) => r.ruleId === '10038-1')?.level).toBe('warning');
    // The automation id is the sarif-category, set when the file is fitted to GitHub's limits.
    expect(run.automationDetails).toBeUndefined();
  });
});

describe('zapToSarif limits', () => {
  it('keeps at most maxInstancesPerAlert results per alert and says how many more the report has', () => {
    const evaluation = evaluateAlerts(parseZapReport(fixture('baseline-2.15.json')).alerts, {
      excludePaths: [],
      minConfidence: 'low',
      failOnRisk: 'low',
    });
    const sarif = zapToSarif(evaluation.alerts, {
      location: 'a b/openapi.yaml',
      maxInstancesPerAlert: 1,
    });
    const csp = sarif.runs[0]!.results.filter((r) => r.ruleId === '10038-1');
    expect(csp).toHaveLength(1);
    expect(csp[0]!.message.text).toMatch(/; 2 more instance\(s\) in the ZAP report$/);
    const xcto = sarif.runs[0]!.results.filter((r) => r.ruleId === '10021');
    expect(xcto[0]!.message.text).toMatch(/6 more instance\(s\)/);
    expect(csp[0]!.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe('a%20b/openapi.yaml');
  });
});
