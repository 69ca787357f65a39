export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

const LEVELS: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

// GitHub code scanning bands security-severity as critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9;
// these sit inside each band so a rule keeps its severity when nothing more precise (e.g. CVSS) is known.
const SCORES: Record<Severity, number> = {
  critical: 9.5,
  high: 8.0,
  medium: 5.5,
  low: 2.0,
  info: 0.0,
};

const ALIASES: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  info: 'info',
  informational: 'info',
  none: 'info',
};

/** Reads a severity word from tool output (case-insensitive; `moderate` = medium, `informational` = info). */
export function parseSeverity(value: string): Severity | undefined {
  return ALIASES[value.trim().toLowerCase()];
}

export function severityToLevel(severity: Severity): SarifLevel {
  return LEVELS[severity];
}

export function severityToSecuritySeverity(severity: Severity): string {
  return formatScore(SCORES[severity]);
}

function formatScore(score: number): string {
  return (Math.round(score * 10) / 10).toFixed(1);
}

/**
 * GitHub's upload rejects a `security-severity` that is not a number from 0.0 to 10.0. Returns the score as a
 * numeric string clamped to that range, or undefined for values that carry no number at all (e.g. "high", "" or NaN)
 * so the caller can fall back to `severityToSecuritySeverity`.
 */
export function clampSecuritySeverity(value: unknown): string | undefined {
  let score: number;
  if (typeof value === 'number') score = value;
  else if (typeof value === 'string' && /^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value)) score = Number(value);
  else return undefined;
  if (!Number.isFinite(score)) return undefined;
  return formatScore(Math.min(10, Math.max(0, score)));
}
