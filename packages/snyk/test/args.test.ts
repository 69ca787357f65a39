import { splitArgs } from '../src/args';

describe('splitArgs', () => {
  it('splits on whitespace and newlines, keeping quoted words together', () => {
    expect(splitArgs('--org=credex  --file="my file.json"\n--exclude=\'a b\',c')).toEqual([
      '--org=credex',
      '--file=my file.json',
      '--exclude=a b,c',
    ]);
    expect(splitArgs('--x ""')).toEqual(['--x', '']);
    expect(splitArgs(undefined)).toEqual([]);
  });
  it('rejects an unclosed quote', () => {
    expect(() => splitArgs('--file="oops')).toThrow(/unclosed " quote/);
  });
});
