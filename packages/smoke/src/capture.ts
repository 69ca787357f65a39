import type { HttpResponse } from '@credex/http';
import { queryJson } from './jsonpath';
import type { Capture } from './types';

export interface Captured {
  values: Map<string, string>;
  failures: string[];
}

function sourceText(capture: Capture, response: HttpResponse): string | undefined {
  const { source } = capture;
  if ('header' in source) return response.headers[source.header];
  if ('body' in source) return response.body;
  let json: unknown;
  try {
    json = JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
  const [first] = queryJson(source.json, json);
  if (first === undefined || first === null) return undefined;
  return typeof first === 'string' ? first : JSON.stringify(first);
}

function describe(capture: Capture): string {
  const { source } = capture;
  if ('header' in source) return `header ${source.header}`;
  if ('body' in source) return 'the body';
  return source.json;
}

/** Takes the values a check captures from its response; a capture that finds nothing fails the check. */
export function applyCaptures(captures: Capture[], response: HttpResponse): Captured {
  const values = new Map<string, string>();
  const failures: string[] = [];
  for (const capture of captures) {
    let value = sourceText(capture, response);
    if (value !== undefined && capture.regex) {
      const match = capture.regex.exec(value);
      value = match ? (match[1] ?? match[0]) : undefined;
      if (value === undefined) {
        failures.push(`capture ${capture.name}: ${describe(capture)} does not match ${String(capture.regex)}`);
        continue;
      }
    }
    if (value === undefined || value === '') {
      failures.push(`capture ${capture.name}: ${describe(capture)} found nothing`);
      continue;
    }
    values.set(capture.name, value);
  }
  return { values, failures };
}
