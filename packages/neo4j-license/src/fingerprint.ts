import { GetCommandInvocationCommand, SendCommandCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { poll } from '@credex/aws';
import { SAFE_PATH } from './fingerprint-format';

const SHA256 = /\b([0-9a-f]{64})\b/i;

export interface SsmFingerprintOptions {
  instanceId: string;
  path: string;
  timeoutMs?: number;
  pollDelayMs?: number;
  signal?: AbortSignal;
}

const DONE = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut', 'Cancelling']);

/**
 * `sha256sum` of the license file on the host through SSM Run Command. Only the 64-hex digest is kept from the
 * command's output: the license text itself never leaves the host, and nothing else from stdout is returned.
 */
export async function readFingerprintWithSsm(client: SSMClient, options: SsmFingerprintOptions): Promise<string> {
  if (!SAFE_PATH.test(options.path))
    throw new Error(`license file path ${JSON.stringify(options.path)} is not safe to pass to a shell`);
  const sent = await client.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [options.instanceId],
      Comment: 'credex neo4j-license-check: license fingerprint',
      Parameters: { commands: [`sha256sum -- '${options.path}' | cut -c1-64`] },
      TimeoutSeconds: 60,
    }),
  );
  const commandId = sent.Command?.CommandId;
  if (!commandId) throw new Error('SSM SendCommand returned no command id');
  const { value } = await poll({
    label: `SSM command ${commandId} on ${options.instanceId}`,
    timeoutMs: options.timeoutMs ?? 90_000,
    initialDelayMs: options.pollDelayMs ?? 1_000,
    maxDelayMs: 5_000,
    signal: options.signal,
    check: async () => {
      try {
        const answer = await client.send(
          new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: options.instanceId }),
        );
        return { done: DONE.has(answer.Status ?? ''), value: answer };
      } catch (error) {
        // The invocation is not visible for a moment after SendCommand.
        if ((error as { name?: string }).name === 'InvocationDoesNotExist') return { done: false, value: undefined };
        throw error;
      }
    },
  });
  if (value?.Status !== 'Success') {
    throw new Error(
      `SSM command ended ${value?.Status ?? 'unknown'} (exit ${value?.ResponseCode ?? '?'}) reading ${options.path}`,
    );
  }
  const digest = SHA256.exec(value.StandardOutputContent ?? '')?.[1];
  if (!digest) throw new Error(`sha256sum of ${options.path} gave no digest`);
  return digest.toLowerCase();
}
