import { findReferences, interpolate, interpolateJson } from '../src/template';
import { jsonPathProblem, queryJson } from '../src/jsonpath';
import { isSecretName, maskHeaders, Redactor } from '../src/secrets';
import { attempts, ms, seconds } from '../src/format';

describe('references', () => {
  it('finds variables, env names and bad references anywhere in a value', () => {
    expect(findReferences(['/a/${id}', { h: '${env.KEY} ${token}', n: ['${ x }', '${1bad}'] }])).toEqual({
      variables: ['id', 'token', 'x'],
      env: ['KEY'],
      bad: ['${1bad}'],
    });
  });

  it('fills strings and JSON values without needing escapes', () => {
    const scope = { variables: new Map([['token', 'a"b']]), env: { KEY: 'k' } };
    expect(interpolate('Bearer ${token} ${env.KEY} ${env.NOPE}', scope)).toBe('Bearer a"b k ');
    expect(JSON.stringify(interpolateJson({ t: '${token}', list: ['${env.KEY}', 1] }, scope))).toBe(
      '{"t":"a\\"b","list":["k",1]}',
    );
  });
});

describe('jsonpath', () => {
  it.each(['$', '$.a', '$.a[0].b', "$['a b']", '$..id', '$.items[?(@.price < 10)]', '$.a[*]'])('accepts %s', (p) => {
    expect(jsonPathProblem(p)).toBeUndefined();
  });
  it.each([
    ['a.b', 'must start with $'],
    ['$.a[0', 'has an unclosed "["'],
    ['$.a]', 'has an unmatched "]"'],
    ["$['a]", 'has an unclosed quote'],
    ['$.a.', 'ends with "."'],
    ['$a', 'must continue with . or [ after $'],
    ['$.a[]', 'has empty brackets'],
  ])('rejects %s', (p, why) => {
    expect(jsonPathProblem(p)).toBe(why);
  });
  it('queries with jsonpath-plus', () => {
    const doc = {
      items: [
        { id: 1, price: 5 },
        { id: 2, price: 20 },
      ],
    };
    expect(queryJson('$.items[?(@.price < 10)].id', doc)).toEqual([1]);
    expect(queryJson('$..id', doc)).toEqual([1, 2]);
    expect(queryJson('$.nope', doc)).toEqual([]);
  });
});

describe('secrets', () => {
  it.each([
    'Authorization',
    'Cookie',
    'x-client-api-key',
    'token',
    'refreshToken',
    'PASSWORD',
    'sessionId',
    'X-Api-Key',
  ])('%s looks secret', (name) => expect(isSecretName(name)).toBe(true));
  it.each(['content-type', 'x-request-id', 'memberId', 'status'])('%s does not', (name) =>
    expect(isSecretName(name)).toBe(false),
  );

  it('masks headers and redacts values, bare token included', () => {
    expect(maskHeaders({ Authorization: 'Bearer x', accept: '*/*' })).toEqual({ Authorization: '***', accept: '*/*' });
    const r = new Redactor();
    r.add('Bearer abc.def.ghi');
    r.add('ab');
    expect(r.redact('got abc.def.ghi and Bearer abc.def.ghi, ab')).toBe('got *** and ***, ab');
  });
});

describe('format', () => {
  it('writes figures the way failures show them', () => {
    expect(ms(2340.4)).toBe('2,340 ms');
    expect(seconds(30_012)).toBe('30 s');
    expect(seconds(2_340)).toBe('2.3 s');
    expect(attempts(5, 30_000)).toBe('after 5 attempts over 30 s');
  });
});
