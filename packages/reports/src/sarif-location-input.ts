import { isAbsolute, relative, sep } from 'node:path';
import { ConfigurationError } from '@credex/action-kit';
import { repoRelativeUri } from './sarif';

/**
 * Validates an input naming the repository file that SARIF results are placed on (code scanning rejects URLs and
 * paths outside the repository) and returns it relative to the workspace with forward slashes.
 */
export function sarifLocationInput(name: string, value: string, workspace: string): string {
  try {
    repoRelativeUri(value, workspace);
  } catch (error) {
    throw new ConfigurationError(`input '${name}' ${(error as Error).message.replace(/^SARIF location /, '')}`);
  }
  return (isAbsolute(value) ? relative(workspace, value) : value).split(sep).join('/').replace(/^\.\//, '');
}
