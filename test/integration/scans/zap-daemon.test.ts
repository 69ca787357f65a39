import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseZapReport, runDaemonScan, zapApi, ZapApiError } from '@credex/zap';
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
    expect(result).toMatchObject({ version: '2.15.0', complete: true });
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
      '/OTHER/core/other/jsonreport/',
    ]);
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
      definition: 'https://staging.api.mycredex.app/openapi.json',
      apiFormat: 'openapi',
    });
    const actions = zap.actions();
    expect(actions).toContain(
      '/JSON/openapi/action/importUrl/?url=https%3A%2F%2Fstaging.api.mycredex.app%2Fopenapi.json',
    );
    expect(actions.some((a) => a.startsWith('/JSON/spider/action/scan/'))).toBe(false);
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
