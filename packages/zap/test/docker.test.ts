import { describeZapExit, dockerArguments } from '../src/docker';
import { hookScript, pacingCalls } from '../src/pacing';

describe('dockerArguments', () => {
  const reports = { json: 'zap-reports/a.json', markdown: 'zap-reports/a.md', html: 'zap-reports/a.html' };
  it('builds the baseline command with the workspace mounted writable and our report names', () => {
    expect(
      dockerArguments({
        mode: 'baseline',
        image: 'ghcr.io/zaproxy/zaproxy:stable',
        workspace: '/home/runner/work/x/x',
        target: 'https://staging.api.mycredex.app',
        reports,
        rulesFile: 'zap-rules.tsv',
        hookFile: 'zap-reports/a.hook.py',
        spiderMinutes: 2,
      }),
    ).toEqual([
      'run',
      '--rm',
      '--network=host',
      '-v',
      '/home/runner/work/x/x:/zap/wrk/:rw',
      'ghcr.io/zaproxy/zaproxy:stable',
      'zap-baseline.py',
      '-t',
      'https://staging.api.mycredex.app',
      '-J',
      'zap-reports/a.json',
      '-w',
      'zap-reports/a.md',
      '-r',
      'zap-reports/a.html',
      '-c',
      'zap-rules.tsv',
      '--hook=/zap/wrk/zap-reports/a.hook.py',
      '-m',
      '2',
    ]);
  });

  it('api mode points -t at the definition inside the mount and passes -f', () => {
    const args = dockerArguments({
      mode: 'api',
      image: 'zap',
      workspace: '/w',
      target: 'docs/openapi.yaml',
      apiFormat: 'openapi',
      reports,
      spiderMinutes: 1,
    });
    expect(args.slice(6, 11)).toEqual(['zap-api-scan.py', '-t', '/zap/wrk/docs/openapi.yaml', '-f', 'openapi']);
    expect(args).not.toContain('-m');
    expect(
      dockerArguments({
        mode: 'full',
        image: 'zap',
        workspace: '/w',
        target: 'https://x',
        reports,
        zapOptions: '-config a=b',
      }).slice(-3),
    ).toEqual(['zap-reports/a.html', '-z', '-config a=b']);
  });

  it('tells a finished scan from a failed one', () => {
    expect(describeZapExit(2).completed).toBe(true);
    expect(describeZapExit(3)).toEqual({ completed: false, meaning: 'ZAP could not complete the scan' });
    expect(describeZapExit(125).meaning).toMatch(/docker could not run/);
  });
});

describe('pacing', () => {
  it('excludes paths everywhere and paces the active scan to the request rate', () => {
    const calls = pacingCalls({ requestsPerMinute: 50, excludePaths: ['/v1/devadmin/'] });
    expect(calls.map((c) => `${c.component}.${c.name}(${Object.values(c.params).join()})`)).toEqual([
      'core.excludeFromProxy(.*(?:/v1/devadmin/).*)',
      'spider.excludeFromScan(.*(?:/v1/devadmin/).*)',
      'ascan.excludeFromScan(.*(?:/v1/devadmin/).*)',
      'spider.setOptionThreadCount(1)',
      'ascan.setOptionThreadPerHost(1)',
      'ascan.setOptionDelayInMs(1200)',
    ]);
    expect(hookScript({ requestsPerMinute: 50, excludePaths: ['/v1/devadmin/'] })).toContain(
      '    zap.core.exclude_from_proxy(".*(?:/v1/devadmin/).*")\n',
    );
    expect(hookScript({ requestsPerMinute: 50, excludePaths: [] })).toContain(
      '    zap.ascan.set_option_delay_in_ms(1200)\n',
    );
    expect(hookScript({ excludePaths: [] })).toMatch(/def zap_started\(zap, target\):\n {4}pass\n/);
  });
});
