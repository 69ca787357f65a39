import { escapeXmlAttribute, escapeXmlText } from './xml';

export type JUnitStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface JUnitProperty {
  name: string;
  value: string;
}

export interface JUnitCase {
  name: string;
  /** Groups cases in CI viewers; defaults to the suite's name. */
  classname?: string;
  durationMs?: number;
  status: JUnitStatus;
  /** One line: why it failed, errored or was skipped. */
  message?: string;
  /** Failure/error kind, e.g. the assertion that failed. */
  type?: string;
  /** Longer text for the failure/error body. */
  details?: string;
  file?: string;
  properties?: JUnitProperty[] | Record<string, string>;
  systemOut?: string;
  systemErr?: string;
}

export interface JUnitSuite {
  name: string;
  /** ISO 8601; left out when not given so output stays reproducible. */
  timestamp?: string | Date;
  hostname?: string;
  /** Total wall time; defaults to the sum of the cases' durations (cases may run concurrently). */
  durationMs?: number;
  properties?: JUnitProperty[] | Record<string, string>;
  cases: JUnitCase[];
  systemOut?: string;
  systemErr?: string;
}

export interface JUnitReport {
  name?: string;
  suites: JUnitSuite[];
}

export interface JUnitCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  durationMs: number;
}

/** Seconds with millisecond precision, as JUnit consumers expect. */
export function junitSeconds(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0.000';
  return (Math.round(ms) / 1000).toFixed(3);
}

export function countSuite(suite: JUnitSuite): JUnitCounts {
  const counts: JUnitCounts = { tests: suite.cases.length, failures: 0, errors: 0, skipped: 0, durationMs: 0 };
  for (const c of suite.cases) {
    if (c.status === 'failed') counts.failures++;
    else if (c.status === 'error') counts.errors++;
    else if (c.status === 'skipped') counts.skipped++;
    counts.durationMs += c.durationMs ?? 0;
  }
  if (suite.durationMs !== undefined) counts.durationMs = suite.durationMs;
  return counts;
}

function attrs(pairs: [string, string | number | undefined][]): string {
  return pairs
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttribute(String(v))}"`)
    .join('');
}

function propertyList(properties: JUnitProperty[] | Record<string, string> | undefined): JUnitProperty[] {
  if (!properties) return [];
  if (Array.isArray(properties)) return properties;
  return Object.keys(properties)
    .sort()
    .map((name) => ({ name, value: properties[name] ?? '' }));
}

function propertiesXml(properties: JUnitProperty[] | Record<string, string> | undefined, indent: string): string[] {
  const list = propertyList(properties);
  if (list.length === 0) return [];
  return [
    `${indent}<properties>`,
    ...list.map(
      (p) =>
        `${indent}  <property${attrs([
          ['name', p.name],
          ['value', p.value],
        ])}/>`,
    ),
    `${indent}</properties>`,
  ];
}

function textElement(tag: string, text: string | undefined, indent: string): string[] {
  return text === undefined || text === '' ? [] : [`${indent}<${tag}>${escapeXmlText(text)}</${tag}>`];
}

function caseXml(c: JUnitCase, suiteName: string): string[] {
  const open = `    <testcase${attrs([
    ['name', c.name],
    ['classname', c.classname ?? suiteName],
    ['time', junitSeconds(c.durationMs ?? 0)],
    ['file', c.file],
  ])}`;
  const body: string[] = [...propertiesXml(c.properties, '      ')];
  if (c.status === 'failed' || c.status === 'error') {
    const tag = c.status === 'failed' ? 'failure' : 'error';
    const head = `      <${tag}${attrs([
      ['message', c.message],
      ['type', c.type],
    ])}`;
    body.push(c.details ? `${head}>${escapeXmlText(c.details)}</${tag}>` : `${head}/>`);
  } else if (c.status === 'skipped') {
    body.push(`      <skipped${attrs([['message', c.message]])}/>`);
  }
  body.push(...textElement('system-out', c.systemOut, '      '), ...textElement('system-err', c.systemErr, '      '));
  return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, '    </testcase>'];
}

function timestampText(value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? value.toISOString().replace(/\.\d{3}Z$/, 'Z') : value;
}

/** Renders a report as JUnit XML (the testsuites/testsuite/testcase dialect that GitHub and CI tools read). */
export function renderJUnit(report: JUnitReport): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total: JUnitCounts = { tests: 0, failures: 0, errors: 0, skipped: 0, durationMs: 0 };
  const suites: string[] = [];
  report.suites.forEach((suite, id) => {
    const counts = countSuite(suite);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;
    total.durationMs += counts.durationMs;
    suites.push(
      `  <testsuite${attrs([
        ['name', suite.name],
        ['id', id],
        ['tests', counts.tests],
        ['failures', counts.failures],
        ['errors', counts.errors],
        ['skipped', counts.skipped],
        ['time', junitSeconds(counts.durationMs)],
        ['timestamp', timestampText(suite.timestamp)],
        ['hostname', suite.hostname],
      ])}>`,
      ...propertiesXml(suite.properties, '    '),
      ...suite.cases.flatMap((c) => caseXml(c, suite.name)),
      ...textElement('system-out', suite.systemOut, '    '),
      ...textElement('system-err', suite.systemErr, '    '),
      '  </testsuite>',
    );
  });
  lines.push(
    `<testsuites${attrs([
      ['name', report.name],
      ['tests', total.tests],
      ['failures', total.failures],
      ['errors', total.errors],
      ['skipped', total.skipped],
      ['time', junitSeconds(total.durationMs)],
    ])}>`,
    ...suites,
    '</testsuites>',
  );
  return `${lines.join('\n')}\n`;
}
