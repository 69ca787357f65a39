import { describeNeo4jProblem } from '@credex/neo4j';
import type { FullCheckResult } from './full-check';
import type { Limits } from './limits';
import type { LicenseLogFindings } from './logs';
import type { Mismatch, Target } from '@credex/neo4j-fleet';
import type { Neo4jFacts, Outcome } from './probe';
import { formatGiB } from '@credex/neo4j-fleet';
import type { CaseId, CaseResult, Mode, Status } from './types';

export type Attempted<T> = { ok: true; value: T } | { ok: false; error: string };

/** Everything observed about one instance; the evaluation below only reads it. */
export interface Observation {
  target: Target;
  /** Undefined for an instance only EC2 knows (no URI or credentials). */
  facts?: Neo4jFacts;
  full?: Attempted<FullCheckResult>;
  ssmFingerprint?: Attempted<string>;
  logs?: Attempted<LicenseLogFindings>;
  durationMs: number;
}

export interface EvaluationSettings {
  limits: Limits;
  mode: Mode;
  expiryWarningDays: number;
  expectedFingerprint?: string;
  fingerprintTag?: string;
  discovery: boolean;
  /** Set when EC2 discovery was asked for and failed: the count cannot be trusted. */
  discoveryError?: string;
}

function connectionReason(obs: Observation): string | undefined {
  if (!obs.target.inventory) return 'in EC2 only: the inventory has no URI or credentials for it';
  const connection = obs.facts?.connection;
  if (!connection) return 'not checked';
  if (!connection.ok) return `not connected: ${describeNeo4jProblem(connection.problem)}`;
  return undefined;
}

function result(obs: Observation, id: CaseId, status: Status, reason: string, details: string[] = []): CaseResult {
  return {
    case: id,
    environment: obs.target.environment,
    instance: obs.target.name,
    status,
    reason,
    details,
    durationMs: obs.durationMs,
  };
}

export function evaluateLicense(obs: Observation): CaseResult {
  if (!obs.target.inventory) return result(obs, 'license', 'skipped', connectionReason(obs)!);
  const connection = obs.facts?.connection;
  if (!connection) return result(obs, 'license', 'skipped', 'not checked');
  if (!connection.ok) return result(obs, 'license', 'fail', describeNeo4jProblem(connection.problem));
  const { edition, version } = connection.value;
  const details = [`dbms.components(): Neo4j Kernel ${version}, edition ${edition}`];
  if (edition !== 'enterprise') {
    return result(
      obs,
      'license',
      'fail',
      `edition ${edition} (version ${version}): the Enterprise license is not applied`,
      details,
    );
  }
  return result(obs, 'license', 'pass', `edition enterprise, version ${version}`, details);
}

const hostOf = (address: string): string =>
  address
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();

/** Case 2 for one environment: distinct hosts from the inventory, EC2 and cluster members against the limit. */
export function evaluateInstanceCount(
  environment: string,
  observations: Observation[],
  mismatches: Mismatch[],
  limits: Limits,
  discoveryError?: string,
): CaseResult {
  const limit = limits.instances[environment];
  const hosts = new Map<string, string>();
  const aura: string[] = [];
  const known = new Set<string>();
  for (const obs of observations) {
    const { inventory, ec2 } = obs.target;
    if (inventory?.aura) {
      aura.push(inventory.name);
      continue;
    }
    const address = inventory ? `${inventory.host}:${inventory.port}` : undefined;
    const key = ec2?.instanceId ?? address ?? obs.target.name;
    const already = hosts.get(key);
    const label = `${obs.target.name} (${ec2 ? `${ec2.instanceId}, ${ec2.instanceType}` : address})`;
    hosts.set(key, already ? `${already}, same server as ${label}` : label);
    for (const alias of [inventory?.host, ec2?.privateIp, ec2?.publicIp, ec2?.privateDns, ec2?.publicDns]) {
      if (alias) known.add(alias.toLowerCase());
    }
  }
  const details: string[] = [];
  // Fewest rows first: a standalone server's single row is surely itself, which then identifies it in clusters.
  const rowCount = (o: Observation): number => (o.facts?.servers?.ok ? o.facts.servers.value.length : 0);
  for (const obs of [...observations].sort((a, b) => rowCount(a) - rowCount(b))) {
    const servers = obs.facts?.servers;
    if (!servers?.ok) continue;
    const { inventory, ec2 } = obs.target;
    const own = new Set(
      [inventory?.host, ec2?.privateIp, ec2?.publicIp, ec2?.privateDns, ec2?.publicDns]
        .filter((a): a is string => !!a)
        .map((a) => a.toLowerCase()),
    );
    const unknown = servers.value.filter((s) => {
      const host = hostOf(s.address);
      return host !== '' && !known.has(host) && !hosts.has(host);
    });
    // The answering server is one of the rows. When it advertises an address the inventory does not use (an IP
    // for a DNS name), one unknown row is the instance itself and is already counted.
    if (!servers.value.some((s) => own.has(hostOf(s.address))) && unknown.length > 0) {
      const self = unknown.shift()!;
      known.add(hostOf(self.address));
      details.push(`${obs.target.name} advertises itself as ${self.address} (${self.name}) in SHOW SERVERS`);
    }
    for (const server of unknown) {
      hosts.set(
        hostOf(server.address),
        `cluster member ${server.name} at ${server.address} (SHOW SERVERS on ${obs.target.name})`,
      );
    }
  }
  details.push(...[...hosts.values()].map((h) => `counted: ${h}`));
  if (aura.length) details.push(`not counted (Aura, managed by Neo4j): ${aura.join(', ')}`);
  details.push(...mismatches.map((m) => `mismatch: ${m.detail}`));
  const base: Omit<CaseResult, 'status' | 'reason'> = {
    case: 'instance-count',
    environment,
    instance: '*',
    details,
    durationMs: 0,
  };
  const count = hosts.size;
  if (limit === undefined) return { ...base, status: 'skipped', reason: `no instance limit for ${environment}` };
  if (count > limit) {
    return { ...base, status: 'fail', reason: `${count} instances in ${environment}, the license allows ${limit}` };
  }
  if (discoveryError) {
    return { ...base, status: 'fail', reason: `${discoveryError} (${count} known from the inventory)` };
  }
  if (mismatches.length) {
    return {
      ...base,
      status: 'warn',
      reason: `${count} of ${limit} allowed, but inventory and EC2 disagree (${mismatches.length} mismatch${mismatches.length > 1 ? 'es' : ''})`,
    };
  }
  return { ...base, status: 'pass', reason: `${count} of ${limit} allowed` };
}

function outcomeNote<T>(outcome: Outcome<T> | undefined, what: string): string | undefined {
  if (!outcome || outcome.ok) return undefined;
  return `${what} unavailable: ${describeNeo4jProblem(outcome.problem)}`;
}

export function evaluateResources(obs: Observation, settings: EvaluationSettings): CaseResult {
  const { maxCores, maxMemoryBytes } = settings.limits;
  const fails: string[] = [];
  const warns: string[] = [];
  const details: string[] = [];
  const { ec2, inventory } = obs.target;
  let measured = 0;
  if (ec2) {
    details.push(
      `EC2 DescribeInstanceTypes ${ec2.instanceType}: ${ec2.vcpus ?? '?'} vCPUs (${ec2.physicalCores ?? '?'} physical cores), ` +
        `${ec2.memoryBytes === undefined ? '?' : formatGiB(ec2.memoryBytes)}`,
    );
    if (ec2.physicalCores !== undefined) {
      measured++;
      if (ec2.physicalCores > maxCores)
        fails.push(`EC2 ${ec2.instanceType} has ${ec2.physicalCores} cores > ${maxCores}`);
      else if (ec2.vcpus !== undefined && ec2.vcpus > maxCores) {
        warns.push(
          `EC2 ${ec2.instanceType} has ${ec2.vcpus} vCPUs > ${maxCores} (${ec2.physicalCores} physical cores)`,
        );
      }
    }
    if (ec2.memoryBytes !== undefined) {
      measured++;
      if (ec2.memoryBytes > maxMemoryBytes) {
        fails.push(`EC2 ${ec2.instanceType} has ${formatGiB(ec2.memoryBytes)} > ${formatGiB(maxMemoryBytes)}`);
      }
    }
  } else if (inventory?.aura) {
    details.push('Aura instance: no EC2 facts (sized and managed by Neo4j)');
  } else if (!settings.discovery) {
    details.push('no EC2 facts: discovery is off (discover: ec2)');
  }
  const facts = obs.facts;
  const jmx = facts?.jmx;
  if (jmx?.ok) {
    const { availableProcessors, totalMemoryBytes } = jmx.value;
    details.push(
      `JMX java.lang:type=OperatingSystem: AvailableProcessors ${availableProcessors ?? '?'}, ` +
        `TotalMemorySize ${totalMemoryBytes === undefined ? '?' : formatGiB(totalMemoryBytes)}`,
    );
    if (availableProcessors !== undefined) {
      measured++;
      if (availableProcessors > maxCores && !(ec2?.physicalCores !== undefined && ec2.physicalCores <= maxCores)) {
        warns.push(`the JVM sees ${availableProcessors} processors > ${maxCores}`);
      }
    }
    if (totalMemoryBytes !== undefined) {
      measured++;
      if (totalMemoryBytes > maxMemoryBytes) {
        fails.push(`the JVM sees ${formatGiB(totalMemoryBytes)} of memory > ${formatGiB(maxMemoryBytes)}`);
      }
    }
  } else {
    const note = outcomeNote(jmx, 'JMX');
    if (note) details.push(note);
  }
  const config = facts?.settings;
  if (config?.ok) {
    const { heapMaxBytes, pageCacheBytes, raw, source } = config.value;
    const shown = Object.entries(raw).map(([k, v]) => `${k}=${v === null || v === '' ? '(not set)' : v}`);
    details.push(`${source}: ${shown.join(', ')}`);
    if (heapMaxBytes !== undefined || pageCacheBytes !== undefined) {
      measured++;
      const configured = (heapMaxBytes ?? 0) + (pageCacheBytes ?? 0);
      if (configured > maxMemoryBytes) {
        fails.push(`heap + page cache configured at ${formatGiB(configured)} > ${formatGiB(maxMemoryBytes)}`);
      }
      const physical = ec2?.memoryBytes ?? (jmx?.ok ? jmx.value.totalMemoryBytes : undefined);
      if (physical !== undefined && configured > physical) {
        warns.push(`heap + page cache (${formatGiB(configured)}) exceed the machine's ${formatGiB(physical)}`);
      }
    }
  } else {
    const note = outcomeNote(config, 'settings');
    if (note) details.push(note);
  }
  if (fails.length) return result(obs, 'resources', 'fail', fails.join('; '), details);
  if (warns.length) return result(obs, 'resources', 'warn', warns.join('; '), details);
  if (measured === 0) {
    const why = connectionReason(obs) ?? 'no source gave cores or memory';
    return result(obs, 'resources', 'skipped', `nothing measured: ${why}`, details);
  }
  return result(
    obs,
    'resources',
    'pass',
    `within ${maxCores} cores and ${formatGiB(maxMemoryBytes)} (${measured} figure${measured > 1 ? 's' : ''} checked)`,
    details,
  );
}

export function evaluateEnterpriseFeatures(obs: Observation, settings: EvaluationSettings): CaseResult {
  const notConnected = connectionReason(obs);
  if (notConnected) return result(obs, 'enterprise-features', 'skipped', notConnected);
  const facts = obs.facts!;
  const fails: string[] = [];
  const warns: string[] = [];
  const details: string[] = [];
  const probe = <T>(label: string, outcome: Outcome<T> | undefined, describe: (value: T) => string): T | undefined => {
    if (!outcome) return undefined;
    if (outcome.ok) {
      details.push(`${label}: ${describe(outcome.value)}`);
      return outcome.value;
    }
    const unavailable = `${label} unavailable (${outcome.problem.code})`;
    fails.push(unavailable);
    details.push(`${label}: ${describeNeo4jProblem(outcome.problem)}`);
    return undefined;
  };
  probe('SHOW ROLES', facts.roles, (n) => `${n} roles`);
  const servers = probe('SHOW SERVERS', facts.servers, (rows) =>
    rows.map((s) => `${s.name || s.address} ${s.state}/${s.health}`).join(', '),
  );
  for (const s of servers ?? []) {
    if (s.state !== 'Enabled' || s.health !== 'Available') {
      fails.push(`server ${s.name || s.address} is ${s.state}/${s.health}, expected Enabled/Available`);
    }
  }
  const databases = probe('SHOW DATABASES', facts.databases, (rows) =>
    rows.map((d) => `${d.name}${d.address ? `@${d.address}` : ''} ${d.status}`).join(', '),
  );
  const offline = (databases ?? []).filter((d) => d.status !== 'online');
  if (offline.length) warns.push(`databases not online: ${offline.map((d) => `${d.name} (${d.status})`).join(', ')}`);
  if (settings.mode === 'full') {
    const full = obs.full;
    if (!full) fails.push('mode full did not run');
    else if (!full.ok) fails.push(`mode full could not run: ${full.error}`);
    else {
      for (const s of [...full.value.steps, ...full.value.cleanup]) {
        details.push(`full: ${s.step}: ${s.ok ? 'ok' : 'FAILED'} - ${s.detail}`);
        if (!s.ok) fails.push(`${s.step} failed (${s.detail.split(':')[0]})`);
      }
    }
  }
  if (fails.length) return result(obs, 'enterprise-features', 'fail', fails.join('; '), details);
  if (warns.length) return result(obs, 'enterprise-features', 'warn', warns.join('; '), details);
  const what =
    settings.mode === 'full'
      ? 'read-only probes and the full create/grant/deny/drop cycle'
      : 'SHOW ROLES, SHOW SERVERS and SHOW DATABASES';
  return result(obs, 'enterprise-features', 'pass', `${what} work`, details);
}

export function evaluateExpiry(obs: Observation, settings: EvaluationSettings): CaseResult {
  const notConnected = connectionReason(obs);
  if (notConnected) return result(obs, 'expiry', 'skipped', notConnected);
  const facts = obs.facts!;
  const details: string[] = [];
  const warns: string[] = [];
  const fails: string[] = [];
  const logs = obs.logs;
  if (logs?.ok) {
    const f = logs.value;
    details.push(
      `${f.source}: ${f.linesRead} lines, last start ${f.lastStart ? JSON.stringify(f.lastStart) : 'not seen'}, ` +
        `${f.warnings.length} license warning${f.warnings.length === 1 ? '' : 's'} since`,
    );
    details.push(...f.warnings.map((w) => `log: ${w}`));
    if (f.warnings.length) warns.push(`${f.warnings.length} license warning(s) in the logs since the last start`);
  } else if (logs) {
    details.push(`logs unavailable: ${logs.error}`);
  }
  const license = facts.license;
  let known = false;
  if (license?.ok) {
    known = true;
    const { status, daysLeftOnTrial, totalTrialDays } = license.value;
    details.push(
      `dbms.licenseAgreementDetails(): status ${status}` +
        (daysLeftOnTrial !== undefined ? `, ${daysLeftOnTrial} of ${totalTrialDays ?? '?'} trial days left` : ''),
    );
    if (status === 'expired') fails.push('the license has expired');
    else if (status === 'no') fails.push('the license agreement has not been accepted');
    else if (status === 'eval') {
      if (daysLeftOnTrial !== undefined && daysLeftOnTrial < settings.expiryWarningDays) {
        warns.push(`evaluation license: ${daysLeftOnTrial} days left (< ${settings.expiryWarningDays})`);
      }
    } else if (status !== 'yes') warns.push(`unknown license status '${status}'`);
  } else if (license) {
    details.push(`dbms.licenseAgreementDetails(): ${describeNeo4jProblem(license.problem)}`);
  }
  if (fails.length) return result(obs, 'expiry', 'fail', fails.join('; '), details);
  if (warns.length) return result(obs, 'expiry', 'warn', warns.join('; '), details);
  if (!known && !logs?.ok) {
    const edition = facts.connection.ok ? facts.connection.value.edition : 'unknown';
    const code = license && !license.ok ? ` (${license.problem.code})` : '';
    return result(
      obs,
      'expiry',
      'skipped',
      `the server does not offer dbms.licenseAgreementDetails()${code} on edition ${edition}, and no logs were given`,
      details,
    );
  }
  if (!known) return result(obs, 'expiry', 'pass', 'no license warnings in the logs since the last start', details);
  const status = license?.ok ? license.value : undefined;
  const reason =
    status?.status === 'eval'
      ? `evaluation license, ${status.daysLeftOnTrial ?? '?'} days left`
      : 'license accepted (status yes)';
  return result(obs, 'expiry', 'pass', reason, details);
}

export function evaluateRenewal(obs: Observation, settings: EvaluationSettings): CaseResult {
  const expected = settings.expectedFingerprint;
  if (!expected) return result(obs, 'renewal', 'skipped', 'no expected-license-sha256 given');
  if (obs.target.inventory?.aura)
    return result(obs, 'renewal', 'skipped', 'Aura instance: the license is managed by Neo4j');
  const details: string[] = [`expected sha256 ${expected}`];
  const fails: string[] = [];
  let compared = 0;
  if (settings.fingerprintTag && obs.target.ec2) {
    const tag = obs.target.ec2.tags[settings.fingerprintTag];
    if (tag === undefined) fails.push(`EC2 tag ${settings.fingerprintTag} is missing`);
    else {
      compared++;
      details.push(`EC2 tag ${settings.fingerprintTag}: ${tag}`);
      if (tag.toLowerCase() !== expected) fails.push(`EC2 tag ${settings.fingerprintTag} has a different fingerprint`);
    }
  }
  if (obs.ssmFingerprint) {
    if (obs.ssmFingerprint.ok) {
      compared++;
      details.push(`SSM sha256sum of the license file: ${obs.ssmFingerprint.value}`);
      if (obs.ssmFingerprint.value !== expected) fails.push('the license file on the host has a different fingerprint');
    } else {
      fails.push(`could not read the license file's fingerprint: ${obs.ssmFingerprint.error}`);
    }
  }
  if (fails.length) return result(obs, 'renewal', 'fail', fails.join('; '), details);
  if (compared === 0) {
    const why = !obs.target.ec2
      ? 'no EC2 instance for it (the tag and SSM need one)'
      : 'neither license-fingerprint-tag nor a license file path was given';
    return result(obs, 'renewal', 'skipped', why, details);
  }
  return result(
    obs,
    'renewal',
    'pass',
    `the renewed license is in place (${compared} source${compared > 1 ? 's' : ''} agree)`,
    details,
  );
}

/** All six cases: per instance where they apply, per environment for the instance count. */
export function evaluateAll(
  environments: string[],
  observations: Observation[],
  mismatches: Mismatch[],
  settings: EvaluationSettings,
): CaseResult[] {
  const results: CaseResult[] = [];
  for (const environment of environments) {
    const here = observations.filter((o) => o.target.environment === environment);
    for (const obs of here) results.push(evaluateLicense(obs));
    results.push(
      evaluateInstanceCount(
        environment,
        here,
        mismatches.filter((m) => m.environment === environment),
        settings.limits,
        settings.discoveryError,
      ),
    );
    for (const obs of here) {
      results.push(
        evaluateResources(obs, settings),
        evaluateEnterpriseFeatures(obs, settings),
        evaluateExpiry(obs, settings),
        evaluateRenewal(obs, settings),
      );
    }
  }
  return results;
}
