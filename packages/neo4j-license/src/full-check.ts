import { randomBytes } from 'node:crypto';
import { registerSecret } from '@credex/action-kit';
import { classifyNeo4jError } from '@credex/neo4j';
import type { QueryRunner } from '@credex/neo4j-fleet';

export interface FullStep {
  step: string;
  ok: boolean;
  detail: string;
}

export interface FullCheckResult {
  ok: boolean;
  steps: FullStep[];
  /** Cleanup of everything that may exist; a failed drop says what is left behind. */
  cleanup: FullStep[];
  names: { database: string; role: string; user: string };
}

export interface FullCheckOptions {
  /** Suffix for the names (tests pass a fixed one); random otherwise. */
  suffix?: string;
  password?: string;
  /** On abort no further step starts; what exists is dropped. */
  signal?: AbortSignal;
}

function problemText(error: unknown): string {
  const p = classifyNeo4jError(error);
  return `${p.code}: ${p.message}`;
}

/** A server that answered a CREATE with a client error did not create anything; anything else may have. */
function mayHaveCreated(error: unknown): boolean {
  return !classifyNeo4jError(error).code.startsWith('Neo.ClientError.');
}

type Kind = 'database' | 'role' | 'user';

/**
 * Mode full: creates a uniquely named database, writes and reads a node in it, creates a role and a user with a
 * grant, checks the grant works and a write is denied, then drops all of it in `finally`, even when a step fails.
 */
export async function runFullCheck(runner: QueryRunner, options: FullCheckOptions = {}): Promise<FullCheckResult> {
  const suffix = options.suffix ?? randomBytes(4).toString('hex');
  const names = {
    database: `credexlic${suffix}`,
    role: `credex_lic_role_${suffix}`,
    user: `credex_lic_user_${suffix}`,
  };
  const password = options.password ?? randomBytes(18).toString('base64url');
  registerSecret(password);
  const steps: FullStep[] = [];
  const cleanup: FullStep[] = [];
  const exists = new Set<Kind>();
  const sys = { database: 'system', write: true };
  const db = { database: names.database };

  const create = async (kind: Kind, query: string, params?: Record<string, unknown>): Promise<void> => {
    try {
      await runner.run(query, { ...sys, params });
      exists.add(kind);
    } catch (error) {
      if (mayHaveCreated(error)) exists.add(kind);
      throw error;
    }
  };

  const step = async (name: string, fn: () => Promise<string>): Promise<void> => {
    if (options.signal?.aborted) {
      steps.push({ step: name, ok: false, detail: 'cancelled before this step' });
      throw new StepFailed();
    }
    try {
      steps.push({ step: name, ok: true, detail: await fn() });
    } catch (error) {
      steps.push({ step: name, ok: false, detail: problemText(error) });
      throw new StepFailed();
    }
  };

  try {
    await step('create database', async () => {
      await create('database', `CREATE DATABASE \`${names.database}\` WAIT 60 SECONDS`);
      return names.database;
    });
    await step('write and read a node', async () => {
      await runner.run('CREATE (:LicenseProbe {suffix: $suffix})', { ...db, write: true, params: { suffix } });
      const rows = await runner.run('MATCH (n:LicenseProbe {suffix: $suffix}) RETURN count(n) AS n', {
        ...db,
        params: { suffix },
      });
      if (rows[0]?.n !== 1) throw new Error(`read back ${String(rows[0]?.n)} nodes, expected 1`);
      return 'wrote 1 node and read it back';
    });
    await step('create role with grants', async () => {
      await create('role', `CREATE ROLE \`${names.role}\``);
      await runner.run(`GRANT ACCESS ON DATABASE \`${names.database}\` TO \`${names.role}\``, sys);
      await runner.run(`GRANT MATCH {*} ON GRAPH \`${names.database}\` TO \`${names.role}\``, sys);
      return `${names.role}: ACCESS and MATCH on ${names.database}`;
    });
    await step('create user with the role', async () => {
      await create('user', `CREATE USER \`${names.user}\` SET PASSWORD $password CHANGE NOT REQUIRED`, { password });
      await runner.run(`GRANT ROLE \`${names.role}\` TO \`${names.user}\``, sys);
      return names.user;
    });
    const asUser = runner.asUser(names.user, password);
    await step('granted read works', async () => {
      const rows = await asUser.run('MATCH (n:LicenseProbe) RETURN count(n) AS n', db);
      if (rows[0]?.n !== 1) throw new Error(`the user saw ${String(rows[0]?.n)} nodes, expected 1`);
      return 'the user read the node through the grant';
    });
    await step('denied write is denied', async () => {
      try {
        await asUser.run('CREATE (:LicenseProbeDenied)', { ...db, write: true });
      } catch (error) {
        const code = classifyNeo4jError(error).code;
        if (code.startsWith('Neo.ClientError.Security.')) return `denied with ${code}`;
        throw error;
      }
      throw new Error('the write was allowed although no write privilege was granted');
    });
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
  } finally {
    const drop = async (kind: Kind, label: string, query: string): Promise<void> => {
      if (!exists.has(kind)) return;
      try {
        await runner.run(query, sys);
        cleanup.push({ step: `drop ${label}`, ok: true, detail: 'dropped' });
      } catch (error) {
        cleanup.push({ step: `drop ${label}`, ok: false, detail: `left behind: ${problemText(error)}` });
      }
    };
    await drop('user', `user ${names.user}`, `DROP USER \`${names.user}\` IF EXISTS`);
    await drop('role', `role ${names.role}`, `DROP ROLE \`${names.role}\` IF EXISTS`);
    await drop(
      'database',
      `database ${names.database}`,
      `DROP DATABASE \`${names.database}\` IF EXISTS WAIT 60 SECONDS`,
    );
  }
  return { ok: steps.every((s) => s.ok) && cleanup.every((c) => c.ok), steps, cleanup, names };
}

class StepFailed extends Error {}
