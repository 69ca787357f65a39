import neo4j, { type Driver } from 'neo4j-driver';
import { registerSecret } from '@credex/action-kit';

export interface Neo4jTarget {
  uri: string;
  user: string;
  password: string;
  /** Database to use for sessions; the server's default database when absent. */
  database?: string;
  /** PEM files trusted for `bolt+s`/`neo4j+s` with a private CA (otherwise the system store). */
  trustedCertificates?: string[];
  connectionTimeoutMs?: number;
}

/** Builds a driver; the password is masked before anything can print it. */
export function createDriver(target: Neo4jTarget): Driver {
  registerSecret(target.password);
  const config: Parameters<typeof neo4j.driver>[2] = {
    connectionTimeout: target.connectionTimeoutMs ?? 15_000,
    connectionAcquisitionTimeout: (target.connectionTimeoutMs ?? 15_000) + 5_000,
    maxConnectionPoolSize: 10,
    disableLosslessIntegers: false,
    userAgent: 'credex-actions',
  };
  if (target.trustedCertificates?.length) {
    config.encrypted = 'ENCRYPTION_ON';
    config.trust = 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES';
    config.trustedCertificates = target.trustedCertificates;
  }
  return neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), config);
}
