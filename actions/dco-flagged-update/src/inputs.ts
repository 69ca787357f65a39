import { ConfigurationError, input } from '@credex/action-kit';
import { DEFAULT_CONFIG, TAMPER_POLICIES, identifierProblem, type DcoConfig, type TamperPolicy } from '@credex/dco';
import { uriProblem, type Neo4jTarget } from '@credex/neo4j';

export const ACTION = 'dco-flagged-update';

export interface Inputs {
  ledger: Neo4jTarget;
  search?: Neo4jTarget;
  mode: 'revalue' | 'flag' | 'verify';
  dryRun: boolean;
  config: DcoConfig;
  verify: boolean;
  waitForMtq: boolean;
  mtqTimeoutMs: number;
  breakLease: boolean;
  onTampered: TamperPolicy;
  holdQueue: boolean;
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

function connection(prefix: 'ledger' | 'search', uriValue: string, password: string): Neo4jTarget {
  return {
    uri: uri(`${prefix}-uri`, uriValue),
    user: input.required(`${prefix}-user`),
    password,
    database: input.optional(`${prefix}-database`),
  };
}

/** The LedgerSpace and SearchSpace connections (passwords masked as soon as read). */
export function readConnections(): { ledger: Neo4jTarget; search?: Neo4jTarget } {
  const ledgerPassword = input.secret('ledger-password', { required: true });
  const searchPassword = input.secret('search-password');
  const ledger = connection('ledger', input.required('ledger-uri'), ledgerPassword);
  const searchUri = input.optional('search-uri');
  if (searchUri === undefined) {
    if (searchPassword !== undefined)
      throw new ConfigurationError("input 'search-uri' is required when 'search-password' is set");
    return { ledger };
  }
  if (searchPassword === undefined)
    throw new ConfigurationError("input 'search-password' is required when 'search-uri' is set");
  return { ledger, search: connection('search', searchUri, searchPassword) };
}

function readConfig(): DcoConfig {
  const flagProperty = identifier('flag-property', DEFAULT_CONFIG.flagProperty);
  const markerProperty = identifier('marker-property', DEFAULT_CONFIG.markerProperty);
  if (flagProperty === markerProperty) {
    throw new ConfigurationError("inputs 'flag-property' and 'marker-property' must differ");
  }
  const fingerprintProperty = identifier('fingerprint-property', DEFAULT_CONFIG.fingerprintProperty!);
  if (fingerprintProperty === flagProperty || fingerprintProperty === markerProperty) {
    throw new ConfigurationError("input 'fingerprint-property' must differ from 'flag-property' and 'marker-property'");
  }
  const flagLabel = identifier('flag-label');
  return {
    flagProperty,
    markerProperty,
    fingerprintProperty,
    batchSize: input.integer('batch-size', DEFAULT_CONFIG.batchSize, { min: 1, max: 1_000_000 }),
    history: input.oneOf('history', ['revalue', 'freeze'], 'revalue'),
    ...(flagLabel ? { flagLabel } : {}),
  };
}

/** Reads and checks every input before anything connects. */
export function readInputs(): Inputs {
  const { ledger, search } = readConnections();
  const config = readConfig();
  return {
    ledger,
    search,
    mode: input.oneOf('mode', ['revalue', 'flag', 'verify'], 'revalue'),
    dryRun: input.boolean('dry-run', false),
    config,
    verify: input.boolean('verify', true),
    waitForMtq: input.boolean('wait-for-mtq', true),
    mtqTimeoutMs: input.duration('mtq-timeout', '10m'),
    breakLease: input.boolean('break-lease', false),
    onTampered: input.oneOf('on-tampered', TAMPER_POLICIES, 'stop'),
    holdQueue: input.boolean('hold-queue', true),
    reportFile: input.optional('report-file'),
  };
}
