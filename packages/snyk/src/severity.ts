export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function toSeverity(value: unknown): Severity {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  return (SEVERITIES as readonly string[]).includes(text) ? (text as Severity) : 'low';
}

export type SeverityCounts = Record<Severity, number>;

export function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}
