import { describeExitCode, snykArguments } from '../src/cli';

describe('snykArguments', () => {
  const files = { jsonFile: '/t/s.json', sarifFile: '/t/s.sarif' };
  it('builds the command for each scan type, always writing both report files', () => {
    expect(snykArguments({ scanType: 'open-source', allProjects: true, args: ['--org=credex'], ...files })).toEqual([
      'test',
      '--all-projects',
      '--org=credex',
      '--json-file-output=/t/s.json',
      '--sarif-file-output=/t/s.sarif',
    ]);
    expect(snykArguments({ scanType: 'code', ...files }).slice(0, 2)).toEqual(['code', 'test']);
    expect(snykArguments({ scanType: 'container', target: 'credex-core:1', ...files }).slice(0, 3)).toEqual([
      'container',
      'test',
      'credex-core:1',
    ]);
    expect(snykArguments({ scanType: 'iac', target: 'terraform', ...files }).slice(0, 3)).toEqual([
      'iac',
      'test',
      'terraform',
    ]);
    expect(() => snykArguments({ scanType: 'container', ...files })).toThrow(/needs an image/);
  });
});

describe('describeExitCode', () => {
  it('tells a failed scan (2) apart from issues found (1)', () => {
    expect(describeExitCode(0).outcome).toBe('clean');
    expect(describeExitCode(1).outcome).toBe('issues');
    expect(describeExitCode(2)).toEqual({
      outcome: 'failed',
      meaning: expect.stringMatching(/not a result/) as string,
    });
    expect(describeExitCode(3).outcome).toBe('no-projects');
    expect(describeExitCode(137).meaning).toBe('unexpected exit code 137');
  });
});
