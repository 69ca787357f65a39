import type { QueryOptions, QueryRunner, Row } from './query-runner';

/**
 * Recorded answers at the query boundary, for server answers no free server gives (Enterprise components,
 * SHOW SERVERS rows, license agreement details). A response matches when its `match` text occurs in the
 * query (case and spacing ignored) and, when given, the database and user agree. The first match wins.
 */
export interface RecordedResponse {
  match: string;
  database?: string;
  /** Only for queries run as this user (mode full's grant checks). */
  user?: string;
  rows?: Row[];
  error?: { code: string; message: string };
}

export interface RecordedServer {
  description?: string;
  responses: RecordedResponse[];
}

export interface RecordedCall {
  query: string;
  database?: string;
  user?: string;
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

export class FixtureQueryRunner implements QueryRunner {
  readonly calls: RecordedCall[];

  constructor(
    private readonly server: RecordedServer,
    private readonly user?: string,
    calls?: RecordedCall[],
  ) {
    this.calls = calls ?? [];
  }

  run(query: string, options: QueryOptions = {}): Promise<Row[]> {
    this.calls.push({ query, database: options.database, user: this.user });
    const wanted = squash(query);
    const response = this.server.responses.find(
      (r) =>
        wanted.includes(squash(r.match)) &&
        (r.database === undefined || r.database === options.database) &&
        (r.user === undefined || r.user === this.user),
    );
    if (!response) {
      return Promise.reject(new Error(`fixture has no recorded response for: ${query.replace(/\s+/g, ' ')}`));
    }
    if (response.error) {
      const error = Object.assign(new Error(response.error.message), { code: response.error.code });
      return Promise.reject(error);
    }
    return Promise.resolve(structuredClone(response.rows ?? []));
  }

  asUser(user: string): QueryRunner {
    return new FixtureQueryRunner(this.server, user, this.calls);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
