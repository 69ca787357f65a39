import { runAction, type RunOptions } from '../harness/run-bundle';
import { activeRevisionArns, createService, serviceTaskDefinition, type MotoService } from '../integration/ecs/moto';

// The committed rollback bundle, run as the runner runs it, against the services' moto server. moto lacks
// ListServiceDeployments, so "the previous task definition" comes from the family's older ACTIVE revisions here.

function run(target: MotoService, inputs: RunOptions['inputs'] = {}) {
  return runAction('rollback', {
    inputs: { cluster: target.cluster, service: target.service, ...inputs },
    env: target.env,
    timeoutMs: 60_000,
  });
}

describe('rollback against moto (runner-exact)', () => {
  it('rolls a rolling service back to the previous revision and follows it to COMPLETED', async () => {
    const target = await createService({ revisionCount: 3 });
    const result = await run(target);

    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('rolled-back');
    expect(result.outputs['rolled-back-to']).toBe(target.revisions[1]);
    expect(result.outputs['deployment-id']).toMatch(/^ecs-svc\//);
    expect(await serviceTaskDefinition(target)).toBe(target.revisions[1]);
    expect(result.log).toContain('service deployment history unavailable');
    expect(result.log).toContain(
      `rolling ${target.service} back from ${target.revisions[2]} to ${target.revisions[1]}`,
    );
    expect(result.summary).toContain('## ↩️ rollback: rolled-back');
    // a rollback registers nothing
    expect(await activeRevisionArns(target)).toEqual(target.revisions);
  });

  it('rolls back to the revision given in to-task-definition (family:revision)', async () => {
    const target = await createService({ revisionCount: 3 });
    const result = await run(target, { 'to-task-definition': `${target.family}:1` });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['rolled-back-to']).toBe(target.revisions[0]);
    expect(await serviceTaskDefinition(target)).toBe(target.revisions[0]);
  });

  it('fails in one line when there is nothing earlier to go back to, changing nothing', async () => {
    const target = await createService({ revisionCount: 1 });
    const result = await run(target);
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe(
      `rollback: no earlier task definition found for ${target.service}; give input 'to-task-definition'`,
    );
    expect(await serviceTaskDefinition(target)).toBe(target.revisions[0]);
  });

  it.each([
    [
      'a file path as to-task-definition',
      { 'to-task-definition': 'deploy/task-def.json' },
      /input 'to-task-definition' must be a task definition ARN or family:revision/,
    ],
    ['a bad timeout', { timeout: 'later' }, /input 'timeout' must be a duration like 90s, 5m or 1h, got "later"/],
    ['a missing service', { service: '' }, /input 'service' is required but was empty/],
    ['a bad region', { 'aws-region': 'moon-1' }, /input 'aws-region' must be a region like af-south-1, got "moon-1"/],
  ])('bad input: %s', async (_name, inputs, message) => {
    const target = await createService({ revisionCount: 2 });
    const result = await run(target, inputs);
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(message);
    expect(result.log).not.toMatch(/^\s+at /m);
    expect(await serviceTaskDefinition(target)).toBe(target.revisions[1]);
  });
});
