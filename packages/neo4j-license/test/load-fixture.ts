import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordedServer } from '@credex/neo4j-fleet';

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'neo4j-enterprise',
);

export function loadFixture(name: string): RecordedServer {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as RecordedServer;
}
