import { DescribeTasksCommand, ListTasksCommand, type Service } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describeAwsError } from '@credex/aws';
import type { DeployClients } from './clients';
import { describeService, type ServiceRef } from './service';

const MAX_EVENTS = 8;
const MAX_TASKS = 5;

/** Service events since the deploy started (newest first, as ECS returns them). */
export function recentEvents(service: Service, sinceMs: number): string[] {
  return (service.events ?? [])
    .filter((e) => (e.createdAt?.getTime() ?? 0) >= sinceMs - 1000)
    .slice(0, MAX_EVENTS)
    .map((e) => `service event ${e.createdAt?.toISOString() ?? ''}: ${e.message ?? ''}`);
}

/** Why tasks of the new task definition stopped: stoppedReason and each container's exit code and reason. */
export async function stoppedTaskReasons(
  clients: Pick<DeployClients, 'ecs'>,
  ref: ServiceRef,
  taskDefinitionArn: string | undefined,
): Promise<string[]> {
  const listed = await clients.ecs.send(
    new ListTasksCommand({ cluster: ref.cluster, serviceName: ref.service, desiredStatus: 'STOPPED', maxResults: 20 }),
  );
  const arns = listed.taskArns ?? [];
  if (arns.length === 0) return [];
  const described = await clients.ecs.send(new DescribeTasksCommand({ cluster: ref.cluster, tasks: arns }));
  return (described.tasks ?? [])
    .filter((t) => !taskDefinitionArn || t.taskDefinitionArn === taskDefinitionArn)
    .slice(0, MAX_TASKS)
    .map((task) => {
      const id = task.taskArn?.split('/').pop() ?? 'task';
      const containers = (task.containers ?? [])
        .filter((c) => c.exitCode !== undefined || c.reason)
        .map((c) => `${c.name} exit ${c.exitCode ?? '?'}${c.reason ? ` (${c.reason})` : ''}`)
        .join(', ');
      return `stopped task ${id}: ${task.stoppedReason ?? task.stopCode ?? 'no reason given'}${containers ? `; ${containers}` : ''}`;
    });
}

/** Targets not healthy in the service's target groups, with the load balancer's reason. */
export async function failingTargets(
  clients: Pick<DeployClients, 'elbv2'>,
  targetGroupArns: string[],
): Promise<string[]> {
  const lines: string[] = [];
  for (const arn of targetGroupArns) {
    const health = await clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    const name = arn.split('/')[1] ?? arn;
    for (const d of health.TargetHealthDescriptions ?? []) {
      const state = d.TargetHealth?.State;
      if (state === 'unhealthy') {
        lines.push(
          `target ${d.Target?.Id ?? '?'}:${d.Target?.Port ?? ''} in ${name} unhealthy: ${d.TargetHealth?.Reason ?? ''} ${d.TargetHealth?.Description ?? ''}`.trim(),
        );
      }
    }
  }
  return lines;
}

/** Runs each diagnostic source, turning a failing source into a line instead of losing the rest. */
export async function gather(sources: (() => Promise<string[]>)[]): Promise<string[]> {
  const results = await Promise.all(
    sources.map((source) =>
      source().catch((error: unknown) => [`(could not gather diagnostics: ${describeAwsError(error)})`]),
    ),
  );
  return results.flat();
}

export function ecsDiagnostics(
  clients: Pick<DeployClients, 'ecs' | 'elbv2'>,
  ref: ServiceRef,
  options: { sinceMs: number; taskDefinitionArn?: string; targetGroupArns: string[] },
): Promise<string[]> {
  return gather([
    async () => recentEvents(await describeService(clients, ref), options.sinceMs),
    () => stoppedTaskReasons(clients, ref, options.taskDefinitionArn),
    () => failingTargets(clients, options.targetGroupArns),
  ]);
}
