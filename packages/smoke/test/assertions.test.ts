import type { HttpResponse } from '@credex/http';
import { evaluate } from '../src/assertions';
import { parseChecks } from '../src/parse';

function response(overrides: Partial<HttpResponse> = {}): HttpResponse {
  return {
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
    body: JSON.stringify({ status: 'healthy', count: 3, items: [1, 2], name: 'credex', nothing: null }),
    truncated: false,
    durationMs: 120,
    url: 'http://127.0.0.1/health',
    redirects: [],
    ...overrides,
  };
}

function verdict(expect: Record<string, unknown>, res: HttpResponse = response()) {
  const check = parseChecks([{ name: 'c', path: '/x', expect }], 't').checks[0]!;
  return evaluate(check.expect, res);
}

describe('evaluate', () => {
  it('passes when everything matches', () => {
    const v = verdict({
      status: '2xx',
      headers: { 'X-Request-ID': { exists: true }, 'content-type': { matches: 'json' }, server: { absent: true } },
      body: { contains: 'healthy', matches: '"count":\\d' },
      json: {
        '$.status': 'healthy',
        '$.count': { '<': 5, '>': 1, type: 'number' },
        '$.items': { length: 2, type: 'array' },
        '$.name': { matches: '^cred' },
        '$.nothing': { type: 'null' },
        '$.missing': { exists: false },
      },
      'max-duration': 1000,
    });
    expect(v).toEqual({ failures: [], warnings: [] });
  });

  it('says exactly what differed', () => {
    const res = response({
      status: 503,
      body: JSON.stringify({ status: 'degraded', count: 7, items: [1], name: 42 }),
      headers: { server: 'Express', 'content-type': 'text/html' },
      durationMs: 2340.4,
    });
    const v = verdict(
      {
        status: 200,
        headers: { 'x-request-id': { exists: true }, server: { absent: true }, 'content-type': 'application/json' },
        json: {
          '$.status': 'healthy',
          '$.count': { '<': 5 },
          '$.items': { length: 2 },
          '$.name': { type: 'string', matches: 'x' },
          '$.gone': { exists: true },
          '$.other': 1,
        },
        'max-duration': 1000,
      },
      res,
    );
    expect(v.failures).toEqual([
      'expected 200, got 503',
      'header x-request-id is missing',
      'header server should be absent, got "Express"',
      'header content-type expected "application/json", got "text/html"',
      '$.status expected "healthy", got "degraded"',
      '$.count expected < 5, got 7',
      '$.items expected length 2, got 1',
      '$.name expected type string, got number',
      '$.name 42 does not match /x/',
      '$.gone does not exist',
      '$.other matched nothing',
      'took 2,340 ms > 1,000 ms',
    ]);
  });

  it('warns above the degraded duration without failing', () => {
    const v = verdict({ 'max-duration': 5000, 'degraded-duration': 100 }, response({ durationMs: 640 }));
    expect(v).toEqual({ failures: [], warnings: ['took 640 ms > 100 ms (degraded)'] });
  });

  it('fails on a non-2xx status when no status is given', () => {
    expect(verdict({}, response({ status: 301 })).failures).toEqual(['expected 2xx, got 301']);
  });

  it('reports a body that is not JSON once', () => {
    const v = verdict({ json: { '$.a': 1, '$.b': 2 } }, response({ body: '<html>oops</html>' }));
    expect(v.failures).toEqual(['body is not JSON: "<html>oops</html>"']);
  });

  it('never shows the value of a secret-named header', () => {
    const v = verdict(
      { headers: { authorization: 'Bearer expected' } },
      response({ headers: { authorization: 'Bearer actual-secret' } }),
    );
    expect(v.failures).toEqual(['header authorization expected ***, got ***']);
  });

  it('checks TLS facts', () => {
    const tls = {
      authorized: false,
      authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN',
      validTo: 'Dec  1 00:00:00 2026 GMT',
      daysRemaining: 3.4,
    };
    expect(verdict({ tls: { 'min-days': 14 } }, response({ tls })).failures).toEqual([
      'certificate is not trusted: SELF_SIGNED_CERT_IN_CHAIN',
      'certificate expires in 3 days (Dec  1 00:00:00 2026 GMT), expected more than 14',
    ]);
    expect(verdict({ tls: true }, response()).failures).toEqual(['tls: the response did not come over HTTPS']);
    expect(verdict({ tls: { 'min-days': 2 } }, response({ tls: { ...tls, authorized: true } })).failures).toEqual([]);
  });
});
