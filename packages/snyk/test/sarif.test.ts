import { validateSarif } from '../../reports/src/validate-sarif';
import { parseSnykReport } from '../src/parse';
import { securitySeverity, snykToSarif } from '../src/sarif';
import { fixture } from './fixtures';

describe('snykToSarif', () => {
  it.each([
    ['npm-object.json', 'open-source'],
    ['all-projects-array.json', 'open-source'],
    ['license.json', 'open-source'],
    ['container-applications.json', 'container'],
    ['code-sarif.json', 'code'],
    ['iac.json', 'iac'],
  ] as const)('%s gives SARIF 2.1.0 that code scanning accepts', (name, scanType) => {
    const sarif = snykToSarif(parseSnykReport(fixture(name)), { scanType, fallbackLocation: 'Dockerfile' });
    expect(validateSarif(sarif)).toEqual([]);
    for (const run of sarif.runs) {
      for (const rule of run.tool.driver.rules) {
        expect(rule.properties?.['security-severity']).toMatch(/^\d{1,2}\.\d$/);
      }
      for (const result of run.results) {
        const uri = result.locations?.[0]?.physicalLocation.artifactLocation.uri ?? '';
        expect(uri).not.toMatch(/^([a-z]+:|\/)/);
        expect(uri.length).toBeGreaterThan(0);
      }
    }
    expect(sarif.runs).toHaveLength(1);
  });

  it('makes one run for all tested targets (one run per tool and category) and maps levels from severity', () => {
    const sarif = snykToSarif(parseSnykReport(fixture('all-projects-array.json')), {
      scanType: 'open-source',
      fallbackLocation: 'package.json',
    });
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0]!.results.map((r) => r.properties?.project)).toEqual(Array(4).fill('package-lock.json'));
    const levels = Object.fromEntries(sarif.runs[0]!.results.map((r) => [r.ruleId, r.level]));
    expect(levels).toEqual({
      'SNYK-JS-LODASH-567746': 'error',
      'SNYK-JS-JSONWEBTOKEN-3180022': 'error',
      'SNYK-JS-SEMVER-3247795': 'warning',
      'SNYK-JS-DEBUG-12345': 'note',
    });
    expect(sarif.runs[0]!.results[0]!.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe('package-lock.json');
  });

  it('puts container findings on the Dockerfile and app findings on the fallback location', () => {
    const sarif = snykToSarif(parseSnykReport(fixture('container-applications.json')), {
      scanType: 'container',
      fallbackLocation: 'package.json',
    });
    const uris = sarif.runs[0]!.results.map((r) => r.locations?.[0]?.physicalLocation.artifactLocation.uri);
    expect(uris).toEqual(['Dockerfile', 'Dockerfile', 'package.json']);
  });

  it('keeps security-severity numeric and inside the band of the Snyk severity', () => {
    expect(securitySeverity({ severity: 'high', cvssScore: 7.3 })).toBe('7.3');
    expect(securitySeverity({ severity: 'high', cvssScore: 9.8 })).toBe('8.9');
    expect(securitySeverity({ severity: 'critical', cvssScore: undefined })).toBe('9.5');
    expect(securitySeverity({ severity: 'low', cvssScore: Number.NaN })).toBe('2.0');
  });
});
