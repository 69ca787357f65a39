import { describeZapExit, dockerArguments, dockerFailureReason, isImageReference } from '../src/docker';
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

  // The options each zap-*.py script reads (zaproxy docker/zap-api-scan.py and zap-full-scan.py, getopt and usage):
  // -t is the definition for OpenAPI/SOAP and the endpoint for GraphQL, --schema the GraphQL schema, -O the host
  // override for OpenAPI; zap-full-scan.py spiders without a limit unless -m is given.
  const api = (apiFormat: 'openapi' | 'soap' | 'graphql', target?: string, definition?: string) =>
    dockerArguments({ mode: 'api', image: 'zap', workspace: '/w', target, definition, apiFormat, reports }).slice(7);

  it('api mode: OpenAPI/SOAP definitions as -t inside the mount, the target as -O for OpenAPI', () => {
    expect(api('openapi', 'https://staging.api.mycredex.app', 'docs/openapi.yaml').slice(0, 6)).toEqual([
      '-t',
      '/zap/wrk/docs/openapi.yaml',
      '-f',
      'openapi',
      '-O',
      'https://staging.api.mycredex.app',
    ]);
    expect(api('openapi', undefined, 'https://x.example/openapi.json').slice(0, 4)).toEqual([
      '-t',
      'https://x.example/openapi.json',
      '-f',
      'openapi',
    ]);
    expect(api('soap', 'https://x.example', 'svc.wsdl').slice(0, 5)).toEqual([
      '-t',
      '/zap/wrk/svc.wsdl',
      '-f',
      'soap',
      '-J',
    ]);
  });

  it('api mode: GraphQL takes the endpoint as -t and the schema as --schema (never the schema as -t)', () => {
    expect(api('graphql', 'https://x.example/graphql', 'schema.graphqls').slice(0, 5)).toEqual([
      '-t',
      'https://x.example/graphql',
      '-f',
      'graphql',
      '--schema=/zap/wrk/schema.graphqls',
    ]);
    expect(api('graphql', 'https://x.example/graphql', 'https://x.example/schema.graphqls')[4]).toBe(
      '--schema=https://x.example/schema.graphqls',
    );
    expect(api('graphql', 'https://x.example/graphql').slice(0, 5)).toEqual([
      '-t',
      'https://x.example/graphql',
      '-f',
      'graphql',
      '-J',
    ]);
  });

  it('passes -m only when spider-minutes is given, so a full scan keeps ZAP’s default (no limit)', () => {
    const full = dockerArguments({ mode: 'full', image: 'zap', workspace: '/w', target: 'https://x', reports });
    expect(full).not.toContain('-m');
    const limited = dockerArguments({
      mode: 'full',
      image: 'zap',
      workspace: '/w',
      target: 'https://x',
      reports,
      spiderMinutes: 0,
      zapOptions: '-config a=b',
    });
    expect(limited.slice(-4)).toEqual(['-m', '0', '-z', '-config a=b']);
  });

  it('accepts image references and nothing that docker would read as an option', () => {
    for (const ok of [
      'ghcr.io/zaproxy/zaproxy:stable',
      'zaproxy/zap-stable',
      'localhost:5000/zap:2.16.1',
      'ghcr.io/zaproxy/zaproxy@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    ]) {
      expect([ok, isImageReference(ok)]).toEqual([ok, true]);
    }
    for (const bad of [
      '--privileged',
      '-v/:/host',
      'ghcr.io/zaproxy/zaproxy:stable --privileged',
      'ZAP',
      '',
      'a:b:c',
    ]) {
      expect([bad, isImageReference(bad)]).toEqual([bad, false]);
    }
  });

  it("shows docker's own reason for a failed docker run, not the --help hint", () => {
    const stderr =
      "Unable to find image 'ghcr.io/zaproxy/zaproxy:nope' locally\ndocker: Error response from daemon: manifest unknown.\nSee 'docker run --help'.\n";
    expect(dockerFailureReason(stderr)).toBe('docker: Error response from daemon: manifest unknown.');
    expect(
      dockerFailureReason("docker: unknown flag: --privilegedx\nRun 'docker run --help' for more information\n"),
    ).toBe('docker: unknown flag: --privilegedx');
    expect(dockerFailureReason('something odd\n')).toBe('something odd');
    expect(dockerFailureReason('')).toBeUndefined();
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
