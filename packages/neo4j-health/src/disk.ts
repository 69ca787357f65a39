import { readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalStore {
  /** Free space of the file system that holds the data directory, in percent of its size. */
  diskFreePercent: number;
  diskFreeBytes: number;
  /** The database's store files plus its transaction logs. */
  storeSizeBytes: number;
}

async function sizeOf(path: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) total += await sizeOf(full);
    else if (entry.isFile()) total += (await stat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/**
 * Where the runner sees the server's data directory (a self-hosted runner on the database host, or the test
 * services), free disk and store size come straight from the file system. Undefined when the directory is not here.
 */
export async function readLocalStore(dataDirectory: string, database: string): Promise<LocalStore | undefined> {
  try {
    if (!(await stat(dataDirectory)).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const fs = await statfs(dataDirectory);
  const storeSizeBytes =
    (await sizeOf(join(dataDirectory, 'databases', database))) +
    (await sizeOf(join(dataDirectory, 'transactions', database)));
  return {
    diskFreePercent: Math.round((fs.bavail / fs.blocks) * 1000) / 10,
    diskFreeBytes: fs.bavail * fs.bsize,
    storeSizeBytes,
  };
}
