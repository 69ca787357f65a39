import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * The DCO tests rebuild the Credex/Daynode graph on the shared test servers, so test files (run in parallel jest
 * workers) take turns: a lock directory holding the owner's pid; a lock whose owner is gone is taken over.
 */
const LOCK = join(tmpdir(), 'credex-dco-tests.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function acquireGraphLock(timeoutMs = 600_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      } catch {
        // being created or removed right now
      }
      if (Number.isFinite(owner) && owner !== process.pid && !alive(owner))
        rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`DCO test graph lock ${LOCK} still held after ${timeoutMs} ms`);
      await delay(200);
    }
  }
}
