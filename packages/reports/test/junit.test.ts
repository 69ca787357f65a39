import { renderJUnit, junitSeconds, type JUnitReport } from '../src/index';
import { escapeXmlAttribute, escapeXmlText } from '../src/xml';

const report: JUnitReport = {
  name: 'smoke-test',
  suites: [
    {
      name: 'staging',
      timestamp: new Date('2026-11-28T12:00:00.123Z'),
      properties: { 'base-url': 'https://staging.example', environment: 'staging' },
      cases: [
        { name: 'health', status: 'passed', durationMs: 12.4 },
        {
          name: 'login',
          classname: 'auth',
          status: 'failed',
          durationMs: 2340,
          message: 'expected 200, got 503',
          type: 'status',
          details: 'body: {"status":"degraded"}',
        },
        { name: 'flaky', status: 'error', durationMs: 30_000, message: 'connection refused after 5 attempts' },
        { name: 'devadmin', status: 'skipped', message: 'never called' },
      ],
    },
  ],
};

describe('renderJUnit', () => {
  const xml = renderJUnit(report);

  it('counts tests, failures, errors and skips on both levels, with times in seconds', () => {
    expect(xml).toContain('<testsuites name="smoke-test" tests="4" failures="1" errors="1" skipped="1" time="32.352">');
    expect(xml).toContain(
      '<testsuite name="staging" id="0" tests="4" failures="1" errors="1" skipped="1" time="32.352" timestamp="2026-11-28T12:00:00Z">',
    );
    expect(xml).toContain('<testcase name="health" classname="staging" time="0.012"/>');
  });

  it('writes failure, error and skipped elements with message, type and escaped body', () => {
    expect(xml).toContain(
      '<failure message="expected 200, got 503" type="status">body: {"status":"degraded"}</failure>',
    );
    expect(xml).toContain('<error message="connection refused after 5 attempts"/>');
    expect(xml).toContain('<skipped message="never called"/>');
    expect(xml).toContain('classname="auth"');
  });

  it('writes suite properties in a stable (sorted) order', () => {
    const props = xml.indexOf('<property name="base-url" value="https://staging.example"/>');
    expect(props).toBeGreaterThan(0);
    expect(xml.indexOf('<property name="environment" value="staging"/>')).toBeGreaterThan(props);
  });

  it('is stable: the same model gives the same bytes, and no timestamp is invented', () => {
    expect(renderJUnit(report)).toBe(xml);
    const plain = renderJUnit({ suites: [{ name: 's', cases: [] }] });
    expect(plain).not.toContain('timestamp');
    expect(plain).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="0" failures="0" errors="0" skipped="0" time="0.000">\n' +
        '  <testsuite name="s" id="0" tests="0" failures="0" errors="0" skipped="0" time="0.000">\n  </testsuite>\n</testsuites>\n',
    );
  });

  it('uses a suite duration when given (concurrent cases)', () => {
    const xml2 = renderJUnit({
      suites: [
        {
          name: 's',
          durationMs: 1500,
          cases: [
            { name: 'a', status: 'passed', durationMs: 1000 },
            { name: 'b', status: 'passed', durationMs: 1000 },
          ],
        },
      ],
    });
    expect(xml2).toContain('tests="2" failures="0" errors="0" skipped="0" time="1.500"');
  });

  it('escapes markup and control characters so the document stays well-formed', () => {
    const nasty = 'a<b>&"c\' \u001b[31mred\u0000 \uD800 ok\uD83D\uDE00';
    const out = renderJUnit({
      suites: [{ name: nasty, cases: [{ name: nasty, status: 'failed', message: 'line1\nline2', details: nasty }] }],
    });
    // eslint-disable-next-line no-control-regex -- asserting that no control character is left
    expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(out).toContain('name="a&lt;b&gt;&amp;&quot;c&apos; \\u001B[31mred\\u0000 \\uD800 ok\uD83D\uDE00"');
    expect(out).toContain('message="line1&#10;line2"');
    expect(out).toContain('>a&lt;b&gt;&amp;"c\' \\u001B[31mred\\u0000 \\uD800 ok\uD83D\uDE00</failure>');
  });
});

describe('xml escaping helpers', () => {
  it('keeps tab, newline and carriage return in text, encodes them in attributes', () => {
    expect(escapeXmlText('a\tb\nc\rd')).toBe('a\tb\nc\rd');
    expect(escapeXmlAttribute('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
  });

  it('replaces U+FFFE and U+FFFF and a lone low surrogate', () => {
    expect(escapeXmlText('\uFFFE\uFFFF\uDC00')).toBe('\\uFFFE\\uFFFF\\uDC00');
  });
});

describe('junitSeconds', () => {
  it('rounds to milliseconds and guards bad values', () => {
    expect(junitSeconds(1234.6)).toBe('1.235');
    expect(junitSeconds(-5)).toBe('0.000');
    expect(junitSeconds(Number.NaN)).toBe('0.000');
  });
});
