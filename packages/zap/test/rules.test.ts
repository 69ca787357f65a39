import { parseRulesFile, RulesFileError } from '../src/rules';
import { fixture } from './fixtures';

describe('parseRulesFile', () => {
  it('honours a file with only FAIL lines', () => {
    const rules = parseRulesFile(fixture('rules-fail-only.tsv'));
    expect([...rules.actions]).toEqual([['10021', 'FAIL']]);
  });

  it('reads IGNORE/INFO/WARN, OUTOFSCOPE regexes (plugin id or *), comments and blank lines', () => {
    const rules = parseRulesFile(fixture('rules-mixed.tsv'));
    expect([...rules.actions]).toEqual([
      ['10038', 'IGNORE'],
      ['10049', 'INFO'],
      ['10098', 'WARN'],
    ]);
    expect(rules.outOfScope.map((r) => [r.pluginId, r.pattern.source, r.line])).toEqual([
      ['*', '.*\\/v1\\/getMember.*', 6],
      ['10021', '^https:\\/\\/staging\\.api\\.mycredex\\.app\\/health$', 7],
    ]);
  });

  it('names the malformed line', () => {
    expect(() => parseRulesFile(fixture('rules-malformed.tsv'))).toThrow(
      new RulesFileError(
        'line 2: expected "<plugin id><TAB><IGNORE|INFO|WARN|FAIL|OUTOFSCOPE>…", got "10021 BLOCK (X-Content-Type-Options)"',
      ),
    );
    expect(() => parseRulesFile('abc\tFAIL\t(x)')).toThrow(/line 1: plugin id must be a number/);
    expect(() => parseRulesFile('\n*\tOUTOFSCOPE\t')).toThrow(/line 2: OUTOFSCOPE needs a URL regex/);
    expect(() => parseRulesFile('10\tOUTOFSCOPE\t(unclosed')).toThrow(/line 1: invalid URL regex/);
    expect(() => parseRulesFile('*\tFAIL\t(x)')).toThrow(/line 1: plugin id must be a number/);
  });
});
