import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefinitionUploadError, parseZapReport, runDaemonScan, zapApi, ZapApiError } from '@credex/zap';
import { REPO_ROOT } from '../../harness/run-bundle';
import { ZapApiStandIn } from './zap-api-standin';

// The daemon driver against a loopback stand-in of ZAP's HTTP API.
describe('runDaemonScan (ZAP API stand-in on loopback)', () => {
  let zap: ZapApiStandIn;
  const lines: string[] = [];
  const warnings: string[] = [];
  const base = {
    target: 'https://staging.api.mycredex.app',
    pacing: { requestsPerMinute: 50, excludePaths: ['/v1/devadmin/'] },
    spiderTimeoutMs: 5_000,
    scanTimeoutMs: 5_000,
    pollMs: 10,
    log: (l: string) => lines.push(l),
    warn: (l: string) => warnings.push(l),
  };

  beforeEach(async () => {
    zap = new ZapApiStandIn();
    zap.apiKey = 'zap-key-123';
    zap.report = readFileSync(join(REPO_ROOT, 'test/fixtures/zap/high-risk.json'), 'utf8');
    await zap.start();
    lines.length = 0;
    warnings.length = 0;
  });
  afterEach(async () => zap.stop());

  it('full: excludes and paces first, spiders, waits for the passive scan, active-scans, fetches the report', async () => {
    const result = await runDaemonScan({ ...base, api: zapApi(zap.url, 'zap-key-123'), mode: 'full' });
    expect(result).toMatchObject({ version: '2.16.1', complete: true });
    expect(parseZapReport(result.reportJson).alerts).toHaveLength(3);
    expect(zap.actions()).toEqual([
      '/JSON/core/action/excludeFromProxy/?regex=.*%28%3F%3A%2Fv1%2Fdevadmin%2F%29.*',
      '/JSON/spider/action/excludeFromScan/?regex=.*%28%3F%3A%2Fv1%2Fdevadmin%2F%29.*',
      '/JSON/ascan/action/excludeFromScan/?regex=.*%28%3F%3A%2Fv1%2Fdevadmin%2F%29.*',
      '/JSON/spider/action/setOptionThreadCount/?Integer=1',
      '/JSON/ascan/action/setOptionThreadPerHost/?Integer=1',
      '/JSON/ascan/action/setOptionDelayInMs/?Integer=1200',
      '/JSON/spider/action/scan/?url=https%3A%2F%2Fstaging.api.mycredex.app&recurse=true',
      '/JSON/ascan/action/scan/?url=https%3A%2F%2Fstaging.api.mycredex.app&recurse=true',
      expect.stringMatching(
        /^\/JSON\/reports\/action\/generate\/\?title=credex\+zap-scan&template=traditional-json&reportDir=%2Fhome%2Fzap%2F.ZAP%2Ftransfer&reportFileName=credex-zap-scan-[\w-]+\.json$/,
      ),
      expect.stringMatching(/^\/OTHER\/core\/other\/fileDownload\/\?fileName=credex-zap-scan-[\w-]+\.json$/),
    ]);
    expect(result.reportSource).toBe('reports/action/generate (traditional-json) + core/other/fileDownload');
    expect(lines).toContain('Report: reports/action/generate (traditional-json) + core/other/fileDownload');
    expect(lines).toContain('Waiting for the passive scan: pscan/view/recordsToScan (the pscan add-on on ZAP 2.16.1)');
    expect(zap.calls.every((c) => c.apiKey === 'zap-key-123')).toBe(true);
    const statusCalls = zap.calls.filter((c) => c.path === '/JSON/pscan/view/recordsToScan/');
    expect(statusCalls.length).toBe(3);
  });

  it('baseline runs no active scan; api imports the definition instead of spidering', async () => {
    await runDaemonScan({ ...base, api: zapApi(zap.url, 'zap-key-123'), mode: 'baseline' });
    expect(zap.actions().some((a) => a.startsWith('/JSON/ascan/action/scan/'))).toBe(false);
    zap.calls.length = 0;
    await runDaemonScan({
      ...base,
      api: zapApi(zap.url, 'zap-key-123'),
      mode: 'api',
      definition: { url: 'https://staging.api.mycredex.app/openapi.json' },
      apiFormat: 'openapi',
    });
    const actions = zap.actions();
    expect(actions).toContain(
      '/JSON/openapi/action/importUrl/?url=https%3A%2F%2Fstaging.api.mycredex.app%2Fopenapi.json&hostOverride=https%3A%2F%2Fstaging.api.mycredex.app',
    );
    expect(actions.some((a) => a.startsWith('/JSON/spider/action/scan/'))).toBe(false);
  });

  it('uploads a definition file and imports it from where ZAP stored it (no runner path is sent)', async () => {
    const openapi = 'openapi: 3.0.0\ninfo: { title: credex-core, version: "1" }\npaths: {}\n';
    await runDaemonScan({
      ...base,
      api: zapApi(zap.url, 'zap-key-123'),
      mode: 'api',
      definition: { fileName: 'openapi.yaml', content: openapi },
      apiFormat: 'openapi',
    });
    const upload = zap.calls.find((c) => c.path === '/OTHER/core/other/fileUpload/')!;
    expect(upload).toMatchObject({ method: 'POST', contentType: 'application/x-www-form-urlencoded' });
    expect(upload.params).toEqual({ fileName: 'credex-zap-scan/openapi.yaml', fileContents: openapi });
    expect(zap.files.get('/home/zap/.ZAP/transfer/credex-zap-scan/openapi.yaml')).toBe(openapi);
    expect(zap.actions()).toContain(
      '/JSON/openapi/action/importFile/?file=%2Fhome%2Fzap%2F.ZAP%2Ftransfer%2Fcredex-zap-scan%2Fopenapi.yaml&target=https%3A%2F%2Fstaging.api.mycredex.app',
    );
  });

  it('GraphQL: the endpoint is endurl and the uploaded schema the file; without a schema ZAP introspects', async () => {
    await runDaemonScan({
      ...base,
      api: zapApi(zap.url, 'zap-key-123'),
      mode: 'api',
      definition: { fileName: 'schema.graphqls', content: 'type Query { a: Int }' },
      apiFormat: 'graphql',
    });
    expect(zap.actions()).toContain(
      '/JSON/graphql/action/importFile/?endurl=https%3A%2F%2Fstaging.api.mycredex.app&file=%2Fhome%2Fzap%2F.ZAP%2Ftransfer%2Fcredex-zap-scan%2Fschema.graphqls',
    );
    zap.calls.length = 0;
    await runDaemonScan({ ...base, api: zapApi(zap.url, 'zap-key-123'), mode: 'api', apiFormat: 'graphql' });
    expect(zap.actions()).toContain('/JSON/graphql/action/importUrl/?endurl=https%3A%2F%2Fstaging.api.mycredex.app');
  });

  it('an older ZAP: falls back to core jsonreport and says why; a definition file is refused with one line', async () => {
    zap.legacy();
    const result = await runDaemonScan({ ...base, api: zapApi(zap.url, 'zap-key-123'), mode: 'baseline' });
    expect(parseZapReport(result.reportJson).alerts).toHaveLength(3);
    expect(result.reportSource).toBe(
      'core/other/jsonreport (deprecated fallback: reports/action/generate is not available (ZAP API /JSON/reports/action/generate/ answered HTTP 400: no_implementor: No Implementor))',
    );
    expect(lines).toContain("Waiting for the passive scan: pscan/view/recordsToScan (core's pscan API on ZAP 2.13.0)");
    await expect(
      runDaemonScan({
        ...base,
        api: zapApi(zap.url, 'zap-key-123'),
        mode: 'api',
        definition: { fileName: 'openapi.yaml', content: 'openapi: 3.0.0' },
      }),
    ).rejects.toThrow(
      new DefinitionUploadError(
        'the ZAP daemon cannot receive the API definition openapi.yaml (ZAP API /OTHER/core/other/fileUpload/ answered HTTP 400 with no detail): file upload needs ZAP 2.14 or later started with -config api.filexfer=true and an API key; or give api-definition as a URL the daemon can fetch',
      ),
    );
    expect(zap.actions().some((a) => a.includes('importFile'))).toBe(false);
  });

  it('ZAP 2.16 with file transfer off: the report is generated but comes from the fallback, and the log says so', async () => {
    zap.fileTransfer = false;
    const result = await runDaemonScan({ ...base, api: zapApi(zap.url, 'zap-key-123'), mode: 'baseline' });
    expect(result.reportSource).toMatch(
      /^core\/other\/jsonreport \(deprecated fallback: the report was generated but could not be downloaded \(.*\); start ZAP with -config api\.filexfer=true to use the current endpoints\)$/,
    );
  });

  it('stops an active scan that overruns its time and says the result is incomplete', async () => {
    zap.ascanStep = 0;
    const result = await runDaemonScan({
      ...base,
      scanTimeoutMs: 200,
      api: zapApi(zap.url, 'zap-key-123'),
      mode: 'full',
    });
    expect(result.complete).toBe(false);
    expect(zap.actions()).toContain('/JSON/ascan/action/stop/?scanId=7');
    expect(warnings[0]).toMatch(/active scan did not finish .*incomplete/);
  });

  it('a wrong API key is one clear error', async () => {
    await expect(runDaemonScan({ ...base, api: zapApi(zap.url, 'wrong'), mode: 'baseline' })).rejects.toThrow(
      new ZapApiError(
        'ZAP API /JSON/core/view/version/ answered HTTP 400: bad_api_key: Bad API key (check zap-api-key)',
      ),
    );
  });
});
