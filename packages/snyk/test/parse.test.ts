import { parseSnykReport, SnykReportError } from '../src/parse';
import { fixture } from './fixtures';

describe('parseSnykReport', () => {
  it('reads one project and merges a vulnerability listed once per dependency path', () => {
    const [project, ...rest] = parseSnykReport(fixture('npm-object.json'));
    expect(rest).toHaveLength(0);
    expect(project?.name).toBe('package-lock.json');
    expect(project?.targetFile).toBe('package-lock.json');
    const ids = project!.findings.map((f) => f.id);
    expect(ids).toEqual([
      'SNYK-JS-LODASH-567746',
      'SNYK-JS-JSONWEBTOKEN-3180022',
      'SNYK-JS-SEMVER-3247795',
      'SNYK-JS-DEBUG-12345',
    ]);
    const lodash = project!.findings[0]!;
    expect(lodash.paths).toEqual([
      ['credex-core@1.0.0', 'lodash@4.17.15'],
      ['credex-core@1.0.0', 'neo4j-helpers@2.0.0', 'lodash@4.17.15'],
    ]);
    expect(lodash).toMatchObject({ severity: 'high', isUpgradable: true, upgradeTo: 'lodash@4.17.21', cvssScore: 7.3 });
    expect(lodash.cves).toEqual(['CVE-2020-8203']);
    expect(project!.findings[2]).toMatchObject({ isPatchable: true, isUpgradable: false });
  });

  it('reads the same report written as UTF-16 LE with a byte-order mark', () => {
    const utf8 = parseSnykReport(fixture('npm-object.json'));
    const utf16 = parseSnykReport(fixture('npm-utf16-bom.json.utf16le'));
    expect(utf16).toEqual(utf8);
  });

  it('reads an --all-projects array, keeping projects Snyk could not test as errors', () => {
    const projects = parseSnykReport(fixture('all-projects-array.json'));
    expect(projects.map((p) => [p.name, p.findings.length, p.error !== undefined])).toEqual([
      ['package-lock.json', 4, false],
      ['tools/package.json', 0, false],
      ['/home/runner/work/credex-core/credex-core/terraform/modules/app', 0, true],
    ]);
    expect(projects[2]?.error).toMatch(/Could not detect package manager/);
  });

  it('reads an error object', () => {
    const [project] = parseSnykReport(fixture('error.json'));
    expect(project?.error).toMatch(/^Authentication failed/);
    expect(project?.findings).toEqual([]);
  });

  it('reads license issues: no CVSS, kind license', () => {
    const [project] = parseSnykReport(fixture('license.json'));
    expect(project!.findings.map((f) => [f.id, f.kind, f.cvssScore, f.severity])).toEqual([
      ['snyk:lic:npm:node-forge:GPL-2.0', 'license', undefined, 'high'],
      ['snyk:lic:npm:caniuse-lite:CC-BY-4.0', 'license', undefined, 'low'],
    ]);
  });

  it('reads container results with applications as separate projects', () => {
    const projects = parseSnykReport(fixture('container-applications.json'));
    expect(projects.map((p) => [p.name, p.targetFile, p.findings.length])).toEqual([
      ['123456789012.dkr.ecr.af-south-1.amazonaws.com/credex-core-staging:1.2.3', 'Dockerfile', 2],
      ['/app/package.json', undefined, 1],
    ]);
    expect(projects[0]!.findings[0]!.fixedIn).toEqual(['3.0.11-1~deb12u2']);
  });

  it('reads Snyk Code SARIF and IaC results with file and line', () => {
    const [code] = parseSnykReport(fixture('code-sarif.json'));
    expect(code!.findings.map((f) => [f.id, f.severity, f.file, f.line])).toEqual([
      ['javascript/NoHardcodedPasswords', 'medium', 'src/config/config.ts', 12],
      ['javascript/Sqli', 'high', 'src/api/Member/services/GetMember.ts', 40],
    ]);
    const [iac] = parseSnykReport(fixture('iac.json'));
    expect(iac!.findings[0]).toMatchObject({ id: 'SNYK-CC-TF-73', file: 'terraform/modules/app/main.tf', line: 27 });
  });

  it('says clearly when the text is not a Snyk report', () => {
    expect(() => parseSnykReport('Testing /app...\nTested 3 dependencies')).toThrow(SnykReportError);
    expect(() => parseSnykReport('[]')).toThrow(/empty array/);
    expect(() => parseSnykReport('{"ok": true}')).toThrow(/neither 'vulnerabilities' nor 'error'/);
  });
});
