import { GetCommandInvocationCommand, SSMClient, SendCommandCommand } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapLimit } from '@credex/neo4j-fleet';
import { readFingerprintWithSsm } from '../src/fingerprint';
import { normaliseFingerprint } from '../src/fingerprint-format';
import { scanLicenseLines, scanLogFile } from '../src/logs';

describe('mapLimit', () => {
  it('never runs more than the limit at once and keeps order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
});

describe('license log scan', () => {
  const lines = [
    '2026-11-01 10:00:00.000+0000 INFO  Starting...',
    '2026-11-01 10:00:01.000+0000 WARN  Your license expires in 3 days',
    '2026-11-20 08:00:00.000+0000 INFO  Starting...',
    '2026-11-20 08:00:02.000+0000 INFO  License accepted',
    '2026-11-20 08:00:03.000+0000 WARN  Evaluation license: 9 days remaining of the evaluation period',
    '2026-11-20 08:00:04.000+0000 INFO  Started.',
    '2026-11-20 08:05:00.000+0000 ERROR Unrelated failure',
  ];
  it('keeps license warnings since the last start only', () => {
    const found = scanLicenseLines(lines, 'test');
    expect(found.lastStart).toBe('2026-11-20 08:00:00.000+0000 INFO  Starting...');
    expect(found.warnings).toEqual([
      '2026-11-20 08:00:03.000+0000 WARN  Evaluation license: 9 days remaining of the evaluation period',
    ]);
  });
  it('reads a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lic-log-'));
    writeFileSync(join(dir, 'neo4j.log'), lines.join('\n'));
    const found = await scanLogFile(join(dir, 'neo4j.log'));
    expect(found.linesRead).toBe(7);
    expect(found.warnings).toHaveLength(1);
  });
});

// moto accepts SendCommand but returns empty output, so the command's answers are mocked here.
describe('SSM fingerprint (aws-sdk-client-mock)', () => {
  const digest = 'ab'.repeat(32);
  it('sends sha256sum of the path and keeps only the digest', async () => {
    const ssm = mockClient(SSMClient);
    ssm.on(SendCommandCommand).resolves({ Command: { CommandId: 'c-1' } });
    ssm
      .on(GetCommandInvocationCommand)
      .rejectsOnce(Object.assign(new Error('not yet'), { name: 'InvocationDoesNotExist' }))
      .resolvesOnce({ Status: 'InProgress' })
      .resolves({ Status: 'Success', ResponseCode: 0, StandardOutputContent: `${digest.toUpperCase()}\n` });
    const client = new SSMClient({ region: 'af-south-1' });
    const got = await readFingerprintWithSsm(client, {
      instanceId: 'i-0123456789abcdef0',
      path: '/etc/neo4j/license/neo4j.license',
      pollDelayMs: 1,
    });
    expect(got).toBe(digest);
    const sent = ssm.commandCalls(SendCommandCommand)[0]!.args[0].input;
    expect(sent.Parameters?.commands).toEqual(["sha256sum -- '/etc/neo4j/license/neo4j.license' | cut -c1-64"]);
    expect(sent.InstanceIds).toEqual(['i-0123456789abcdef0']);
    ssm.restore();
  });
  it('reports a failed command without its output and refuses unsafe paths', async () => {
    const ssm = mockClient(SSMClient);
    ssm.on(SendCommandCommand).resolves({ Command: { CommandId: 'c-2' } });
    ssm
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Failed', ResponseCode: 1, StandardErrorContent: 'secret-ish stderr' });
    const client = new SSMClient({ region: 'af-south-1' });
    await expect(readFingerprintWithSsm(client, { instanceId: 'i-1', path: '/x/lic', pollDelayMs: 1 })).rejects.toThrow(
      'SSM command ended Failed (exit 1) reading /x/lic',
    );
    await expect(
      readFingerprintWithSsm(client, { instanceId: 'i-1', path: "/x/a'; cat /etc/shadow #" }),
    ).rejects.toThrow('not safe');
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(1);
    ssm.restore();
  });
  it('normalises fingerprints', () => {
    expect(normaliseFingerprint(` ${digest.toUpperCase()} `)).toBe(digest);
    expect(normaliseFingerprint('abc')).toBeUndefined();
    expect(normaliseFingerprint(`${digest}  /path`)).toBeUndefined();
  });
});
