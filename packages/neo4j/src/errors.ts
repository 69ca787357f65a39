import { redact } from '@credex/action-kit';

export type Neo4jProblemKind = 'unreachable' | 'credentials' | 'tls' | 'database' | 'unsupported' | 'other';

export interface Neo4jProblem {
  kind: Neo4jProblemKind;
  /** The server's or driver's code, e.g. Neo.ClientError.Security.Unauthorized or ServiceUnavailable. */
  code: string;
  message: string;
}

interface DriverErrorShape {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

const UNSUPPORTED = new Set([
  'Neo.ClientError.Statement.UnsupportedAdministrationCommand',
  'Neo.ClientError.Procedure.ProcedureNotFound',
  'Neo.ClientError.Statement.NotSystemDatabaseError',
  'Neo.ClientError.Statement.SyntaxError',
]);

function fullText(error: DriverErrorShape): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const c = current as DriverErrorShape;
    if (typeof c.message === 'string') parts.push(c.message);
    if (typeof c.code === 'string') parts.push(c.code);
    current = c.cause;
  }
  return parts.join(' | ');
}

/** Tells apart unreachable / bad credentials / TLS failure / wrong database / unsupported on this edition. */
export function classifyNeo4jError(error: unknown): Neo4jProblem {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as DriverErrorShape;
  const code = typeof e.code === 'string' ? e.code : 'unknown';
  const text = fullText(e);
  const message = redact(typeof e.message === 'string' ? e.message.split('\n')[0]! : String(error));
  let kind: Neo4jProblemKind = 'other';
  if (
    code.startsWith('Neo.ClientError.Security.') &&
    /Unauthorized|AuthenticationRateLimit|CredentialsExpired/.test(code)
  ) {
    kind = 'credentials';
  } else if (
    code === 'Neo.ClientError.Database.DatabaseNotFound' ||
    /database .* (does not exist|not found)/i.test(text)
  ) {
    kind = 'database';
  } else if (
    /certificate|self[- ]signed|SSL|TLS|ERR_TLS|UNABLE_TO_VERIFY|CERT_|wrong version number|EPROTO/i.test(text)
  ) {
    kind = 'tls';
  } else if (UNSUPPORTED.has(code)) {
    kind = 'unsupported';
  } else if (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|Connection acquisition timed out|Failed to connect/i.test(
      text,
    )
  ) {
    kind = 'unreachable';
  }
  return { kind, code, message };
}

export function describeNeo4jProblem(problem: Neo4jProblem): string {
  const what: Record<Neo4jProblemKind, string> = {
    unreachable: 'server unreachable',
    credentials: 'bad credentials',
    tls: 'TLS failure',
    database: 'database not found',
    unsupported: 'not supported by this server',
    other: 'query failed',
  };
  return `${what[problem.kind]} (${problem.code}): ${problem.message}`;
}
