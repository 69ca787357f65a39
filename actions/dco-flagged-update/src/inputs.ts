import { ConfigurationError, input } from '@credex/action-kit';
import { DEFAULT_CONFIG, identifierProblem, type DcoConfig } from '@credex/dco';
import { uriProblem, type Neo4jTarget } from '@credex/neo4j';

export const ACTION = 'dco-flagged-update';

export interface Inputs {
  ledger: Neo4jTarget;
  search?: Neo4jTarget;
  mode: 'revalue' | 'flag';
  dryRun: boolean;
  config: DcoConfig;
  verify: boolean;
  waitForMtq: boolean;
  mtqTimeoutMs: number;
  breakLease: boolean;
  reportFile?: string;
}

function uri(name: string, value: string): string {
  const problem = uriProblem(value);
  if (problem) throw new ConfigurationError(`input '${name}' ${problem}`);
  return value;
}

function identifier(name: string, fallback: string): string;
function identifier(name: string, fallback?: undefined): string | undefined;
function identifier(name: string, fallback?: string): string | undefined {
  const value = input.optional(name) ?? fallback;
  if (value === undefined) return undefined;
  const problem = identifierProblem(value);
  if (problem) throw new ConfigurationError(`input '${name}' ${problem}`);
  return value;
}

/** Reads and checks every input before anything connects. */
export function readInputs(): Inputs {
  const ledgerPassword = input.secret('ledger-password', { required: true });
  const searchPassword = input.secret('search-password');
  const ledger: Neo4jTarget = {
    uri: uri('ledger-uri', input.required('ledger-uri')),
    user: input.required('ledger-user'),
    password: ledgerPassword,
    database: input.optional('ledger-database'),
  };
  const searchUri = input.optional('search-uri');
  let search: Neo4jTarget | undefined;
  if (searchUri !== undefined) {
    if (searchPassword === undefined) {
      throw new ConfigurationError("input 'search-password' is required when 'search-uri' is set");
    }
    search = {
      uri: uri('search-uri', searchUri),
      user: input.required('search-user'),
      password: searchPassword,
      database: input.optional('search-database'),
    };
  } else if (searchPassword !== undefined) {
    throw new ConfigurationError("input 'search-uri' is required when 'search-password' is set");
  }
  const flagProperty = identifier('flag-property', DEFAULT_CONFIG.flagProperty);
  const markerProperty = identifier('marker-property', DEFAULT_CONFIG.markerProperty);
  if (flagProperty === markerProperty) {
    throw new ConfigurationError("inputs 'flag-property' and 'marker-property' must differ");
  }
  const flagLabel = identifier('flag-label');
  const config: DcoConfig = {
    flagProperty,
    markerProperty,
    batchSize: input.integer('batch-size', DEFAULT_CONFIG.batchSize, { min: 1, max: 1_000_000 }),
    history: input.oneOf('history', ['revalue', 'freeze'], 'revalue'),
    ...(flagLabel ? { flagLabel } : {}),
  };
  return {
    ledger,
    search,
    mode: input.oneOf('mode', ['revalue', 'flag'], 'revalue'),
    dryRun: input.boolean('dry-run', false),
    config,
    verify: input.boolean('verify', true),
    waitForMtq: input.boolean('wait-for-mtq', true),
    mtqTimeoutMs: input.duration('mtq-timeout', '10m'),
    breakLease: input.boolean('break-lease', false),
    reportFile: input.optional('report-file'),
  };
}
