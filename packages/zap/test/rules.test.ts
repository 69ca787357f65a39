import { isOutOfScope, parseRulesFile, RulesFileError } from '../src/rules';
import { fixture } from './fixtures';
import { RULES_TABLE, type RulesRow } from './rules-table';

describe('parseRulesFile: the same verdict as ZAP’s load_config (table derived from zap_common.py)', () => {
  it('has at least 30 rows covering every kind of line', () => {
    expect(RULES_TABLE.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(RULES_TABLE.map((row) => row.zap));
    expect([...kinds].sort()).toEqual(['applies', 'crashes', 'never-applies', 'not-reproducible', 'skipped', 'stops']);
  });

  const accepted = RULES_TABLE.filter((row) => row.zap === 'applies' || row.zap === 'skipped');
  const refused = RULES_TABLE.filter((row) => row.zap !== 'applies' && row.zap !== 'skipped');

  it.each(accepted.map((row): [string, RulesRow] => [row.name, row]))('accepts (%s) with ZAP’s meaning', (_, row) => {
    const rules = parseRulesFile(row.text);
    expect([...rules.actions]).toEqual(row.actions);
    if (!row.outOfScope) {
      expect(rules.outOfScope).toEqual([]);
      return;
    }
    expect(rules.outOfScope.map((r) => r.pluginId)).toEqual(row.outOfScope.ids);
    for (const [url, expected] of Object.entries(row.outOfScope.matches)) {
      for (const id of row.outOfScope.ids) {
        expect([url, isOutOfScope(rules, id === '*' ? '99999' : id, url)]).toEqual([url, expected]);
      }
    }
  });

  it.each(refused.map((row): [string, string, RulesRow] => [row.name, row.zap, row]))(
    'refuses (%s, ZAP: %s) naming the line and why',
    (_, __, row) => {
      expect(() => parseRulesFile(row.text)).toThrow(RulesFileError);
      expect(() => parseRulesFile(row.text)).toThrow(row.error);
    },
  );

  it('keeps the fourth field as the rule’s message', () => {
    const rules = parseRulesFile('10021\tFAIL\t(X-CTO)\tFix before release\n10038\tWARN\t(CSP)');
    expect([...rules.messages]).toEqual([['10021', 'Fix before release']]);
  });

  it('quotes at most the start of a long line', () => {
    const long = `${'9'.repeat(200)} FAIL ${'x'.repeat(200)}`;
    const message = (() => {
      try {
        parseRulesFile(long);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(/\.\.\."$/);
    expect(message.length).toBeLessThan(160);
  });

  it('reads the repository fixtures', () => {
    expect([...parseRulesFile(fixture('rules-fail-only.tsv')).actions]).toEqual([['10021', 'FAIL']]);
    const mixed = parseRulesFile(fixture('rules-mixed.tsv'));
    expect([...mixed.actions]).toEqual([
      ['10038', 'IGNORE'],
      ['10049', 'INFO'],
      ['10098', 'WARN'],
    ]);
    expect(mixed.outOfScope.map((r) => [r.pluginId, r.regex.source, r.line])).toEqual([
      ['*', '.*/v1/getMember.*', 6],
      ['10021', '^https://staging\\.api\\.mycredex\\.app/health$', 7],
    ]);
  });
});
