import { validateSarif } from '../../reports/src/validate-sarif';
import { evaluateGate } from '../src/gate';
import { parseSnykReport } from '../src/parse';
import { snykToSarif } from '../src/sarif';
import { snykSummary } from '../src/summary';
import { fixture } from './fixtures';

// code-sarif-ignores.json: Snyk Code SARIF as `snyk code test --json` writes it, with consistent ignores as SARIF
// `suppressions` (see test/fixtures/snyk/README.md).
const gate = { severityThreshold: 'low' as const, failOn: 'all' as const, ignores: [] };

describe('Snyk Code: ignores, regions, code flows, fingerprints', () => {
  const projects = parseSnykReport(fixture('code-sarif-ignores.json'));
  const [code] = projects;

  it('reads the whole region, the data flow and Snyk’s ignores', () => {
    const sqli = code!.findings.find((f) => f.id === 'javascript/Sqli')!;
    expect(sqli.region).toEqual({ startLine: 40, startColumn: 11, endLine: 42, endColumn: 8 });
    expect(sqli.codeFlows).toEqual([
      [
        {
          file: 'src/api/Member/controllers/getMember.ts',
          region: { startLine: 12, startColumn: 22, endLine: 12, endColumn: 30 },
        },
        {
          file: 'src/api/Member/services/GetMember.ts',
          region: { startLine: 40, startColumn: 11, endLine: 42, endColumn: 8 },
        },
      ],
    ]);
    expect(sqli.snykIgnore).toBeUndefined();
    const ignored = code!.findings.filter((f) => f.snykIgnore);
    expect(ignored.map((f) => [f.id, f.snykIgnore])).toEqual([
      [
        'javascript/HardcodedNonCryptoSecret',
        {
          kind: 'external',
          status: undefined,
          justification: 'Seed data for the local test database; not a real credential',
          category: 'not-vulnerable',
          expires: undefined,
        },
      ],
      [
        'javascript/NoHardcodedPasswords',
        {
          kind: 'external',
          status: undefined,
          justification: 'Rotated; replaced by a secret in the next release',
          category: 'temporary-ignore',
          expires: '2027-01-31T00:00:00.000Z',
        },
      ],
    ]);
  });

  it('counts Snyk’s ignores as ignored, not failing, as the CLI does', () => {
    const result = evaluateGate(projects, gate);
    expect(result.failing.map((f) => f.id)).toEqual(['javascript/Sqli']);
    expect(result.counts).toEqual({ critical: 0, high: 1, medium: 0, low: 0 });
    expect(result.ignored.map((i) => [i.finding.id, i.source, i.rule.reason])).toEqual([
      [
        'javascript/HardcodedNonCryptoSecret',
        'snyk',
        'ignored in Snyk (not-vulnerable: Seed data for the local test database; not a real credential)',
      ],
      [
        'javascript/NoHardcodedPasswords',
        'snyk',
        'ignored in Snyk (temporary-ignore: Rotated; replaced by a secret in the next release)',
      ],
    ]);
    const onlyIgnored = evaluateGate([{ ...code!, findings: code!.findings.filter((f) => f.snykIgnore) }], gate);
    expect(onlyIgnored.passed).toBe(true);
    const md = snykSummary(result, { title: 'Snyk code', gate });
    expect(md).toMatch(/\| javascript\/NoHardcodedPasswords \| src\/config\/config\.ts \| Snyk \| ignored in Snyk/);
  });

  it('writes ignored results as suppressed, with the whole region and the code flow, in valid SARIF', () => {
    const result = evaluateGate(projects, gate);
    const sarif = snykToSarif(projects, {
      scanType: 'code',
      fallbackLocation: 'package.json',
      ignored: result.ignored,
    });
    expect(validateSarif(sarif)).toEqual([]);
    const results = sarif.runs[0]!.results;
    const sqli = results.find((r) => r.ruleId === 'javascript/Sqli')!;
    expect(sqli.locations![0]!.physicalLocation.region).toEqual({
      startLine: 40,
      startColumn: 11,
      endLine: 42,
      endColumn: 8,
    });
    expect(
      sqli.codeFlows![0]!.threadFlows[0]!.locations.map((l) => l.location.physicalLocation.artifactLocation.uri),
    ).toEqual(['src/api/Member/controllers/getMember.ts', 'src/api/Member/services/GetMember.ts']);
    expect(sqli.suppressions).toBeUndefined();
    expect(results.find((r) => r.ruleId === 'javascript/NoHardcodedPasswords')!.suppressions).toEqual([
      { kind: 'external', justification: 'Rotated; replaced by a secret in the next release' },
    ]);
  });

  it('marks findings ignored by the ignore input as suppressed too', () => {
    const npm = parseSnykReport(fixture('npm-object.json'));
    const result = evaluateGate(npm, {
      ...gate,
      ignores: [{ id: 'SNYK-JS-DEBUG-12345', reason: 'dev only' }],
    });
    const sarif = snykToSarif(npm, {
      scanType: 'open-source',
      fallbackLocation: 'package.json',
      ignored: result.ignored,
    });
    const suppressed = sarif.runs[0]!.results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => [r.ruleId, r.suppressions])).toEqual([
      ['SNYK-JS-DEBUG-12345', [{ kind: 'external', status: 'accepted', justification: 'snyk-scan ignore: dev only' }]],
    ]);
  });

  it('fingerprints survive code moving (no line numbers) and keep two findings in one file apart', () => {
    const moved = JSON.parse(fixture('code-sarif-ignores.json').toString('utf8')) as {
      runs: { results: { locations: { physicalLocation: { region: { startLine: number; endLine: number } } }[] }[] }[];
    };
    for (const r of moved.runs[0]!.results) {
      r.locations[0]!.physicalLocation.region.startLine += 25;
      r.locations[0]!.physicalLocation.region.endLine += 25;
    }
    const prints = (input: Buffer | string) =>
      snykToSarif(parseSnykReport(input), { scanType: 'code', fallbackLocation: 'x' }).runs[0]!.results.map(
        (r) => r.partialFingerprints!['snykFinding/v2'],
      );
    const before = prints(fixture('code-sarif-ignores.json'));
    expect(prints(JSON.stringify(moved))).toEqual(before);
    expect(new Set(before).size).toBe(before.length);
    // Two findings of one rule in one file get different fingerprints.
    const twice = JSON.parse(fixture('code-sarif.json').toString('utf8')) as { runs: { results: unknown[] }[] };
    twice.runs[0]!.results.push(structuredClone(twice.runs[0]!.results[0]));
    const both = prints(JSON.stringify(twice));
    expect(new Set(both).size).toBe(3);
  });
});
