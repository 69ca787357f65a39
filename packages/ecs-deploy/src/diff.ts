import type { ContainerDefinition, RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';

export interface TaskDefinitionChange {
  scope: string;
  field: string;
  before?: string;
  after?: string;
}

type Definition = Pick<
  RegisterTaskDefinitionRequest,
  'containerDefinitions' | 'cpu' | 'memory' | 'taskRoleArn' | 'executionRoleArn' | 'networkMode' | 'family'
>;

function byName<T extends { name?: string | undefined }>(items: T[] | undefined): Map<string, T> {
  return new Map((items ?? []).filter((i) => i.name).map((i) => [i.name!, i]));
}

function compare(
  changes: TaskDefinitionChange[],
  scope: string,
  field: string,
  before: string | number | boolean | undefined,
  after: string | number | boolean | undefined,
): void {
  const b = before === undefined ? undefined : String(before);
  const a = after === undefined ? undefined : String(after);
  if (b !== a) changes.push({ scope, field, before: b, after: a });
}

/** Plain environment values are shown only as "changed": they may hold things that should have been secrets. */
function compareVariables(
  changes: TaskDefinitionChange[],
  scope: string,
  kind: 'environment' | 'secret',
  before: Map<string, string>,
  after: Map<string, string>,
): void {
  const show = (value: string | undefined): string | undefined =>
    value === undefined ? undefined : kind === 'secret' ? value : '(value)';
  for (const [name, value] of after) {
    const old = before.get(name);
    if (old === undefined) changes.push({ scope, field: `${kind} ${name}`, after: show(value) });
    else if (old !== value) {
      changes.push({
        scope,
        field: `${kind} ${name}`,
        before: show(old),
        after: kind === 'secret' ? value : '(changed)',
      });
    }
  }
  for (const [name, value] of before) {
    if (!after.has(name)) changes.push({ scope, field: `${kind} ${name}`, before: show(value) });
  }
}

function containerChanges(
  changes: TaskDefinitionChange[],
  before: ContainerDefinition,
  after: ContainerDefinition,
): void {
  const scope = `container ${after.name}`;
  compare(changes, scope, 'image', before.image, after.image);
  // ECS reports an unset container cpu as 0 and an unset essential as true
  compare(changes, scope, 'cpu', before.cpu || undefined, after.cpu || undefined);
  compare(changes, scope, 'memory', before.memory, after.memory);
  compare(changes, scope, 'memoryReservation', before.memoryReservation, after.memoryReservation);
  compare(
    changes,
    scope,
    'ports',
    (before.portMappings ?? []).map((p) => p.containerPort).join(','),
    (after.portMappings ?? []).map((p) => p.containerPort).join(','),
  );
  compare(changes, scope, 'essential', before.essential ?? true, after.essential ?? true);
  compare(
    changes,
    scope,
    'healthCheck',
    JSON.stringify(before.healthCheck?.command),
    JSON.stringify(after.healthCheck?.command),
  );
  const env = (c: ContainerDefinition): Map<string, string> =>
    new Map((c.environment ?? []).filter((e) => e.name).map((e) => [e.name!, e.value ?? '']));
  const sec = (c: ContainerDefinition): Map<string, string> =>
    new Map((c.secrets ?? []).filter((e) => e.name).map((e) => [e.name!, e.valueFrom ?? '']));
  compareVariables(changes, scope, 'environment', env(before), env(after));
  compareVariables(changes, scope, 'secret', sec(before), sec(after));
}

/** What changes between the service's current task definition and the rendered one. */
export function diffTaskDefinitions(before: Definition, after: Definition): TaskDefinitionChange[] {
  const changes: TaskDefinitionChange[] = [];
  const scope = 'task';
  compare(changes, scope, 'family', before.family, after.family);
  compare(changes, scope, 'cpu', before.cpu, after.cpu);
  compare(changes, scope, 'memory', before.memory, after.memory);
  compare(changes, scope, 'taskRoleArn', before.taskRoleArn, after.taskRoleArn);
  compare(changes, scope, 'executionRoleArn', before.executionRoleArn, after.executionRoleArn);
  compare(changes, scope, 'networkMode', before.networkMode, after.networkMode);
  const old = byName(before.containerDefinitions);
  const next = byName(after.containerDefinitions);
  for (const [name, container] of next) {
    const previous = old.get(name);
    if (!previous) changes.push({ scope: `container ${name}`, field: 'container', after: container.image ?? 'added' });
    else containerChanges(changes, previous, container);
  }
  for (const [name, container] of old) {
    if (!next.has(name))
      changes.push({ scope: `container ${name}`, field: 'container', before: container.image ?? 'removed' });
  }
  return changes;
}

export function formatChange(change: TaskDefinitionChange): string {
  if (change.before === undefined) return `+ ${change.scope}: ${change.field} = ${change.after ?? ''}`;
  if (change.after === undefined) return `- ${change.scope}: ${change.field} (was ${change.before})`;
  return `~ ${change.scope}: ${change.field} ${change.before} -> ${change.after}`;
}
