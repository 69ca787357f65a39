import { codeBlock, details, escapeCell, markdownTable } from '../src/index';

describe('markdownTable', () => {
  it('renders a header, alignment row and escaped cells', () => {
    const table = markdownTable(
      ['Check', 'Result', 'Took (ms)'],
      [
        ['health', '✅ pass', 12],
        ['login | token', 'expected 200\ngot 503', 2340],
        ['empty', null, undefined],
      ],
      ['left', 'center', 'right'],
    );
    expect(table).toBe(
      [
        '| Check | Result | Took (ms) |',
        '| :--- | :---: | ---: |',
        '| health | ✅ pass | 12 |',
        '| login \\| token | expected 200<br>got 503 | 2340 |',
        '| empty |  |  |',
        '',
      ].join('\n'),
    );
  });

  it('pads short rows and refuses long ones', () => {
    expect(markdownTable(['a', 'b'], [['x']])).toContain('| x |  |');
    expect(() => markdownTable(['a'], [['x', 'y']])).toThrow('row 1 has 2 cells, the header has 1');
    expect(() => markdownTable([], [])).toThrow('at least one column');
  });
});

describe('escapeCell', () => {
  it('keeps a backslash before a pipe from escaping the escape', () => {
    expect(escapeCell('a\\|b')).toBe('a\\\\\\|b');
    expect(escapeCell('a\r\nb\rc')).toBe('a<br>b<br>c');
    expect(escapeCell(false)).toBe('false');
  });
});

describe('details', () => {
  it('wraps markdown in a collapsible block with an escaped summary', () => {
    expect(details('<3 failures>', '| a |\n|---|\n', { open: true })).toBe(
      '<details open>\n<summary>&lt;3 failures&gt;</summary>\n\n| a |\n|---|\n\n</details>\n',
    );
    expect(details('s', 'b')).toMatch(/^<details>\n/);
  });
});

describe('codeBlock', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(codeBlock('{"a":1}\n', 'json')).toBe('```json\n{"a":1}\n```\n');
    expect(codeBlock('x ```` y')).toBe('`````\nx ```` y\n`````\n');
  });
});
