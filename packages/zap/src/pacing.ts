/**
 * Pacing and exclusions applied to ZAP through its API, the same in both ways of running: as a zap-*.py hook
 * (Python, `zap_started(zap, target)`) and over HTTP for a running daemon.
 */
export interface Pacing {
  /** Requests per minute the target tolerates (credex-core: 30 per client, a request may count twice). */
  requestsPerMinute?: number;
  /** Regexes; nothing matching is requested, spidered or attacked. */
  excludePaths: string[];
}

/** ZAP matches exclusion regexes against the whole URL; ours are searched anywhere in it. */
export function zapExcludeRegex(path: string): string {
  return `.*(?:${path}).*`;
}

/** Delay between active-scan requests (one thread per host) that keeps to the rate. */
export function delayMs(requestsPerMinute: number): number {
  return Math.ceil(60_000 / requestsPerMinute);
}

export interface ApiCall {
  component: 'core' | 'spider' | 'ascan';
  type: 'action';
  name: string;
  params: Record<string, string>;
}

/** The API calls that set the pacing and exclusions up. */
export function pacingCalls(pacing: Pacing): ApiCall[] {
  const calls: ApiCall[] = [];
  for (const path of pacing.excludePaths) {
    const regex = zapExcludeRegex(path);
    calls.push({ component: 'core', type: 'action', name: 'excludeFromProxy', params: { regex } });
    calls.push({ component: 'spider', type: 'action', name: 'excludeFromScan', params: { regex } });
    calls.push({ component: 'ascan', type: 'action', name: 'excludeFromScan', params: { regex } });
  }
  if (pacing.requestsPerMinute !== undefined) {
    calls.push({ component: 'spider', type: 'action', name: 'setOptionThreadCount', params: { Integer: '1' } });
    calls.push({ component: 'ascan', type: 'action', name: 'setOptionThreadPerHost', params: { Integer: '1' } });
    calls.push({
      component: 'ascan',
      type: 'action',
      name: 'setOptionDelayInMs',
      params: { Integer: String(delayMs(pacing.requestsPerMinute)) },
    });
  }
  return calls;
}

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A zap-*.py hook file doing the same through the Python API client. */
export function hookScript(pacing: Pacing): string {
  const lines = pacingCalls(pacing).map((call) => {
    const value = Object.values(call.params)[0] ?? '';
    const arg = call.name.startsWith('setOption') ? value : JSON.stringify(value);
    return `    zap.${call.component}.${snake(call.name)}(${arg})`;
  });
  return [
    '# Written by credex zap-scan: exclusions and request pacing, applied when ZAP has started.',
    'def zap_started(zap, target):',
    ...(lines.length ? lines : ['    pass']),
    '',
  ].join('\n');
}
