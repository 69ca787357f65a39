import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Runs the command line (main.ts, through tsx) in its own process with the given arguments and resolves with the
 * URL it prints once it listens. The caller stops the child (SIGTERM exits 0).
 */
export async function spawnTargetApp(
  args: string[] = [],
  timeoutMs = 20_000,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /target-app listening on (\S+)/.exec(out);
        if (match?.[1]) resolveUrl(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`target app exited early with ${code}`)));
      setTimeout(() => reject(new Error(`target app printed no URL within ${timeoutMs / 1000} s`)), timeoutMs).unref();
    });
    return { url, child };
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }
}
