import neo4j, { type Driver } from 'neo4j-driver';
import { createDriver, type Neo4jTarget } from '@credex/neo4j';

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /** `system` for administration commands; the server's default database when absent. */
  database?: string;
  params?: Record<string, unknown>;
  write?: boolean;
}

/**
 * The query boundary: everything the checks learn from Neo4j passes through `run`, as plain rows. The driver
 * implementation talks to a server; recorded fixtures implement it for Enterprise answers no free server gives.
 * A failure is thrown as the driver's error (with the server's `code`), classified by @credex/neo4j.
 */
export interface QueryRunner {
  run(query: string, options?: QueryOptions): Promise<Row[]>;
  /** The same server, authenticated as another user (mode full checks that a grant works and a denial holds). */
  asUser(user: string, password: string): QueryRunner;
  close(): Promise<void>;
}

/** Turns driver values into plain JSON-able values: integers become numbers, temporals and points text. */
export function plain(value: unknown): unknown {
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    const ctor = value.constructor?.name;
    // Temporal and spatial values print themselves in ISO / WKT-like text.
    if (ctor && ctor !== 'Object') return (value as { toString(): string }).toString();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

export class DriverQueryRunner implements QueryRunner {
  private readonly driver: Driver;
  private readonly others: DriverQueryRunner[] = [];

  /** A query that runs longer than this is ended by the server (these checks are all small). */
  static readonly QUERY_TIMEOUT_MS = 90_000;

  constructor(private readonly target: Neo4jTarget) {
    this.driver = createDriver(target);
  }

  async run(query: string, options: QueryOptions = {}): Promise<Row[]> {
    const database = options.database ?? this.target.database;
    const session = this.driver.session({
      ...(database ? { database } : {}),
      defaultAccessMode: options.write ? neo4j.session.WRITE : neo4j.session.READ,
    });
    try {
      const result = await session.run(query, options.params ?? {}, { timeout: DriverQueryRunner.QUERY_TIMEOUT_MS });
      return result.records.map((record) => plain(record.toObject()) as Row);
    } finally {
      await session.close();
    }
  }

  asUser(user: string, password: string): QueryRunner {
    const other = new DriverQueryRunner({ ...this.target, user, password });
    this.others.push(other);
    return other;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.others.map((o) => o.close()));
    await this.driver.close();
  }
}
