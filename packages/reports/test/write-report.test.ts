import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stableStringify, writeJsonReport, writeTextReport } from '../src/index';

describe('stableStringify', () => {
  it('sorts keys at every level but keeps array order', () => {
    const a = stableStringify({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined });
    expect(a).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
    expect(stableStringify({ a: { c: null, d: [3, { y: 2, z: 1 }] }, b: 1 })).toBe(a);
  });

  it('serialises dates through toJSON', () => {
    expect(stableStringify({ at: new Date('2026-01-02T03:04:05Z') })).toBe(
      '{\n  "at": "2026-01-02T03:04:05.000Z"\n}\n',
    );
  });
});

describe('writeJsonReport / writeTextReport', () => {
  it('creates missing folders, writes stable JSON and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reports-'));
    const target = join(dir, 'deep', 'er', 'report.json');
    const written = await writeJsonReport(target, { passed: false, checks: [{ name: 'health', ok: true }] });
    expect(written).toBe(target);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ checks: [{ name: 'health', ok: true }], passed: false });
    expect(readFileSync(target, 'utf8').indexOf('"checks"')).toBeLessThan(
      readFileSync(target, 'utf8').indexOf('"passed"'),
    );
    expect(readdirSync(join(dir, 'deep', 'er'))).toEqual(['report.json']);

    await writeTextReport(target, '<xml/>\n');
    expect(readFileSync(target, 'utf8')).toBe('<xml/>\n');
  });
});
