import type { Driver } from 'neo4j-driver';
import { DEFAULT_CONFIG, fingerprintProperty, identifierProblem, type DcoConfig } from './config';
import { runDco, type DcoReport } from './run';
import { TAMPER_POLICIES, type TamperPolicy } from './tamper';

/** Where the step logs: anything with info and warn (winston's logger, console, pino). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface FlaggedUpdateOptions {
  /** The SearchSpace driver: when given, SearchSpace credexes are synced from LedgerSpace and checked. */
  search?: Driver;
  ledgerDatabase?: string;
  searchDatabase?: string;
  /** Property names and batch size; defaults in DEFAULT_CONFIG. */
  config?: Partial<DcoConfig>;
  /** Verify after the run (reads every flagged and unflagged entity: about the cost of a full scan). Default true. */
  verify?: boolean;
  /**
   * Set DCOrunningNow on the Active Daynode for the run and reset it after (only if this run set it). Default false:
   * inside credex-core's DCO the flag is already set.
   */
  holdQueue?: boolean;
  /** What to do with entities another writer changed after this step revalued them. Default `stop`. */
  onTampered?: TamperPolicy;
  /** Wait while MTQrunningNow is set (default true), at most mtqTimeoutMs (default 10 minutes). */
  waitForMtq?: boolean;
  mtqTimeoutMs?: number;
  /** Take over the lease of a run that died. Default false. */
  breakLease?: boolean;
  logger?: Logger;
}

/** The step refused before writing anything: each problem is one line. */
export class DcoRefusedError extends Error {
  constructor(
    readonly problems: string[],
    readonly report: DcoReport,
  ) {
    super(`DCO flagged update refused, nothing was changed: ${problems.join('; ')}`);
    this.name = 'DcoRefusedError';
  }
}

/** The revaluation ran but verification found something wrong (see report.verification.samples). */
export class DcoVerificationError extends Error {
  constructor(readonly report: DcoReport) {
    super(`DCO flagged update: verification failed: ${(report.verification?.samples ?? []).slice(0, 3).join('; ')}`);
    this.name = 'DcoVerificationError';
  }
}

function resolveConfig(partial: Partial<DcoConfig> | undefined): DcoConfig {
  const config: DcoConfig = { ...DEFAULT_CONFIG, ...partial };
  const names = [config.flagProperty, config.markerProperty, fingerprintProperty(config)];
  for (const name of [...names, ...(config.flagLabel ? [config.flagLabel] : [])]) {
    const problem = identifierProblem(name);
    if (problem) throw new TypeError(`@credex/dco: a property or label name ${problem}`);
  }
  if (new Set(names).size !== names.length)
    throw new TypeError('@credex/dco: flagProperty, markerProperty and fingerprintProperty must differ');
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1)
    throw new TypeError(`@credex/dco: batchSize must be a whole number above 0, got ${config.batchSize}`);
  return config;
}

/**
 * Revalues the flagged entities to the Active Daynode with the application's own driver: credex-core calls it in
 * its DCO in place of `updateCredexBalances`, after creating the new Active Daynode. Resolves with the report;
 * rejects with DcoRefusedError (nothing written), DcoVerificationError, the signal's reason when aborted, or the
 * driver's error.
 */
export async function updateFlaggedBalances(
  ledger: Driver,
  options: FlaggedUpdateOptions = {},
  signal?: AbortSignal,
): Promise<DcoReport> {
  const config = resolveConfig(options.config);
  const onTampered = options.onTampered ?? 'stop';
  if (!TAMPER_POLICIES.includes(onTampered))
    throw new TypeError(
      `@credex/dco: onTampered must be one of ${TAMPER_POLICIES.join(', ')}, got ${String(onTampered)}`,
    );
  const logger = options.logger;
  const report = await runDco({
    ledger: { driver: ledger, database: options.ledgerDatabase },
    ...(options.search ? { search: { driver: options.search, database: options.searchDatabase } } : {}),
    config,
    mode: 'revalue',
    dryRun: false,
    verify: options.verify ?? true,
    waitForMtq: options.waitForMtq ?? true,
    mtqTimeoutMs: options.mtqTimeoutMs ?? 600_000,
    breakLease: options.breakLease ?? false,
    onTampered,
    holdQueue: options.holdQueue ?? false,
    reporter: logger
      ? { info: (m) => logger.info(m), warning: (m) => logger.warn(m) }
      : { info: () => undefined, warning: () => undefined },
    signal,
  });
  if (report.problems.length) throw new DcoRefusedError(report.problems, report);
  if (report.verification && !report.verification.ok) throw new DcoVerificationError(report);
  return report;
}
