import { cleanWithoutReport, snykErrorMessage } from '../src/cli-output';
import { fixture } from './fixtures';

describe('Snyk CLI output', () => {
  it('exit 0 without a JSON file is a clean pass only for snyk code test (code-test.md)', () => {
    expect(cleanWithoutReport('code', 0)).toBe(true);
    expect(cleanWithoutReport('code', 1)).toBe(false);
    for (const scanType of ['open-source', 'container', 'iac'] as const)
      expect(cleanWithoutReport(scanType, 0)).toBe(false);
  });

  it('takes Snyk’s message from stdout (its error-catalog block), not the warning banner on stderr', () => {
    const stdout = fixture('cli-error-stdout.txt').toString('utf8');
    const stderr = fixture('cli-warning-stderr.txt').toString('utf8');
    expect(snykErrorMessage(stdout, stderr)).toBe(
      'Authentication error (SNYK-0005) Authentication credentials not recognized, or user access is not provisioned. Revise credentials with `snyk auth`, or make sure your account is provisioned.',
    );
  });

  it('falls back to a plain stdout sentence, then to stderr without banners', () => {
    expect(
      snykErrorMessage(
        'Testing /w...\n\n`snyk` requires an authenticated account. Please run `snyk auth` and try again.\n',
        '',
      ),
    ).toBe('`snyk` requires an authenticated account. Please run `snyk auth` and try again.');
    const stderr = `${fixture('cli-warning-stderr.txt').toString('utf8')}getaddrinfo ENOTFOUND api.snyk.io\n`;
    expect(snykErrorMessage('Testing /w...\n', stderr)).toBe('getaddrinfo ENOTFOUND api.snyk.io');
    expect(snykErrorMessage('', fixture('cli-warning-stderr.txt').toString('utf8'))).toBeUndefined();
    expect(snykErrorMessage('x'.repeat(2000), '')!.length).toBe(600);
  });
});
