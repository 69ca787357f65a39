import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/zap/', import.meta.url));
export const fixture = (name: string): string => readFileSync(`${FIXTURES}${name}`, 'utf8');
