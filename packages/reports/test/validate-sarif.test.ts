import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSarif } from '../src/index';
import { formatSarifErrors, validateSarif } from '../src/validate-sarif';
import { zapRun } from './fixtures';

const clone = <T>(value: T): T => structuredClone(value);

describe('validateSarif (official SARIF 2.1.0 schema)', () => {
  const valid = buildSarif([zapRun, { ...zapRun, automationId: 'zap-scan/production/' }]);

  it('uses the vendored schema unchanged (content hash recorded in schema/README.md)', () => {
    const text = readFileSync(new URL('../schema/sarif-schema-2.1.0.json', import.meta.url), 'utf8');
    const parsed = JSON.parse(text) as { $schema: string; $id: string };
    expect(parsed.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(parsed.$id).toMatch(/oasis-tcs\/sarif-spec\/.*sarif-schema-2\.1\.0\.json$/);
    expect(createHash('sha256').update(JSON.stringify(parsed)).digest('hex')).toBe(
      '0b92eb094d4b9d95e6abac4ae07cd9a902adad5e5f4e616e8b8fd884bedba0b3',
    );
  });

  it('accepts what buildSarif writes, and a minimal log', () => {
    expect(validateSarif(valid)).toEqual([]);
    expect(validateSarif({ version: '2.1.0', runs: [] })).toEqual([]);
  });

  it('rejects a wrong version with the path of the problem', () => {
    const doc = { ...clone(valid), version: '2.0.0' };
    expect(validateSarif(doc)).toContainEqual({ path: '/version', message: expect.stringContaining('2.1.0') });
  });

  it('rejects a result level outside the enum', () => {
    const doc = clone(valid) as unknown as { runs: { results: { level: string }[] }[] };
    doc.runs[0]!.results[1]!.level = 'critical';
    const errors = validateSarif(doc);
    expect(errors).toContainEqual({ path: '/runs/0/results/1/level', message: expect.stringContaining('"warning"') });
    expect(formatSarifErrors(errors)).toContain('/runs/0/results/1/level: must be equal to one of the allowed values');
  });

  it('rejects a missing message and a tool without a driver name', () => {
    const doc = clone(valid) as unknown as {
      runs: { results: Record<string, unknown>[]; tool: { driver: Record<string, unknown> } }[];
    };
    delete doc.runs[0]!.results[0]!.message;
    delete doc.runs[1]!.tool.driver.name;
    const paths = validateSarif(doc).map((e) => `${e.path} ${e.message}`);
    expect(paths).toContain("/runs/0/results/0 must have required property 'message'");
    expect(paths).toContain("/runs/1/tool/driver must have required property 'name'");
  });

  it('rejects unknown top-level properties, bad regions and a non-URI $schema', () => {
    const doc = clone(valid) as unknown as Record<string, unknown> & {
      runs: { results: { locations: { physicalLocation: { region: Record<string, unknown> } }[] }[] }[];
    };
    doc.extra = true;
    doc.$schema = 'not a uri';
    doc.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    const errors = validateSarif(doc);
    expect(errors).toContainEqual({ path: '', message: 'unknown property "extra"' });
    expect(errors).toContainEqual({ path: '/$schema', message: 'must match format "uri"' });
    expect(errors).toContainEqual({
      path: '/runs/0/results/0/locations/0/physicalLocation/region/startLine',
      message: 'must be >= 1',
    });
  });

  it('rejects something that is not a SARIF log at all', () => {
    expect(validateSarif('hello')).toContainEqual({ path: '', message: 'must be object' });
    expect(validateSarif({})).toContainEqual({ path: '', message: "must have required property 'version'" });
  });
});
