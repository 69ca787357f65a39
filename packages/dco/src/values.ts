import neo4j, {
  type Date,
  type DateTime,
  type Duration,
  type LocalDateTime,
  type LocalTime,
  type Point,
  type Time,
} from 'neo4j-driver';

/** Neo4j's Date, DateTime, LocalDateTime, Time, LocalTime, Duration and Point values print as ISO text. */
type Temporal = Date | DateTime | LocalDateTime | Time | LocalTime | Duration | Point;

function isTemporal(value: unknown): value is Temporal {
  return (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value) ||
    neo4j.isPoint(value)
  );
}

/** A driver value as a JS number (Neo4j integers included); undefined for anything that is not a number. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  return undefined;
}

/** A date-like driver value (Neo4j Date, or an ISO string) as its `YYYY-MM-DD` text. */
export function dateText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (isTemporal(value)) return value.toString();
  return undefined;
}

/** Integer-valued counts from Cypher as numbers. */
export function count(value: unknown): number {
  return asNumber(value) ?? 0;
}

/** Stable text for any property value, for checksums: floats keep every bit, types stay apart. */
export function canonicalValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return `f:${Object.is(value, -0) ? '-0' : String(value)}`;
  if (neo4j.isInt(value)) return `i:${neo4j.integer.toString(value)}`;
  if (typeof value === 'string') return `s:${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `b:${value}`;
  if (Array.isArray(value)) return `[${value.map(canonicalValue).join(',')}]`;
  if (isTemporal(value)) return `t:${value.toString()}`;
  if (typeof value === 'object') {
    const map = value as Record<string, unknown>;
    return `{${Object.keys(map)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalValue(map[k])}`)
      .join(',')}}`;
  }
  return `x:${typeof value}`;
}
