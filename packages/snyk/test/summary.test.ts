import { evaluateGate } from '../src/gate';
import { parseIgnoreRules } from '../src/ignores';
import { parseSnykReport } from '../src/parse';
import { snykSummary } from '../src/summary';
import { fixture } from './fixtures';

describe('snykSummary', () => {
  it('shows counts, the gate, and a table grouped by package with path and fix', () => {
    const gate = {
      severityThreshold: 'high' as const,
      failOn: 'all' as const,
      ignores: parseIgnoreRules([{ id: 'SNYK-JS-DEBUG-12345', reason: 'dev only', expires: '2020-01-01' }]),
    };
    const result = evaluateGate(parseSnykReport(fixture('npm-object.json')), gate);
    const md = snykSummary(result, { title: 'Snyk open-source', gate });
    expect(md).toContain('### Snyk open-source: ❌ failed');
    expect(md).toContain('| 1 | 1 | 1 | 1 | 0 |');
    expect(md).toContain('2 failing');
    expect(md).toContain('ignore for SNYK-JS-DEBUG-12345 expired on 2020-01-01');
    expect(md).toMatch(
      /\| lodash@4\.17\.15 \| high \| Prototype Pollution \| \[SNYK-JS-LODASH-567746\]\(https:\/\/security\.snyk\.io\/vuln\/SNYK-JS-LODASH-567746\) \| lodash@4\.17\.15 \(\+1 more path\) \| upgrade to lodash@4\.17\.21 \|/,
    );
    expect(md).toContain('| semver@5.7.1 | medium |');
    expect(md.indexOf('debug@2.6.8')).toBeLessThan(md.indexOf('jsonwebtoken@8.5.1'));
  });

  it('limits the table and says how many were left out', () => {
    const gate = { severityThreshold: 'low' as const, failOn: 'all' as const, ignores: [] };
    const result = evaluateGate(parseSnykReport(fixture('npm-object.json')), gate);
    const md = snykSummary(result, { title: 'Snyk', gate, maxRows: 2 });
    expect(md).toContain('…and 2 more');
  });
});
