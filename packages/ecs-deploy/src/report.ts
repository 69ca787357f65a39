import { formatDuration } from '@credex/action-kit';
import { escapeCell } from '@credex/reports';
import type { DeployResult } from './deploy';
import { formatChange } from './diff';
import { familyOf } from './revisions';
import type { ServiceRef } from './service';
import { clockTime } from './timeline';

const consoleBase = (region: string): string => `https://${region}.console.aws.amazon.com`;

export function consoleLinks(
  region: string,
  ref: ServiceRef,
  options: { taskDefinitionArn?: string; codeDeployId?: string },
): { label: string; url: string }[] {
  const cluster = encodeURIComponent(ref.cluster.split('/').pop()!);
  const service = encodeURIComponent(ref.service.split('/').pop()!);
  const links = [
    {
      label: 'ECS service deployments',
      url: `${consoleBase(region)}/ecs/v2/clusters/${cluster}/services/${service}/deployments?region=${region}`,
    },
    {
      label: 'ECS service events',
      url: `${consoleBase(region)}/ecs/v2/clusters/${cluster}/services/${service}/events?region=${region}`,
    },
  ];
  if (options.taskDefinitionArn) {
    const { family, revision } = familyOf(options.taskDefinitionArn);
    links.push({
      label: `task definition ${family}:${revision}`,
      url: `${consoleBase(region)}/ecs/v2/task-definitions/${encodeURIComponent(family)}/${revision}/containers?region=${region}`,
    });
  }
  if (options.codeDeployId) {
    links.push({
      label: `CodeDeploy deployment ${options.codeDeployId}`,
      url: `${consoleBase(region)}/codesuite/codedeploy/deployments/${encodeURIComponent(options.codeDeployId)}?region=${region}`,
    });
  }
  return links;
}

const ICON: Record<DeployResult['status'], string> = {
  succeeded: '✅',
  'rolled-back': '↩️',
  failed: '❌',
  'dry-run': '🔍',
};

/** The job summary for a deploy or rollback: result, facts, reasons, changes, timeline and console links. */
export function deploySummary(title: string, result: DeployResult): string {
  const lines = [`## ${ICON[result.status]} ${title}: ${result.status}`, '', escapeCell(result.message), ''];
  lines.push('| | |', '|---|---|');
  lines.push(`| Service | \`${result.ref.cluster}/${result.ref.service}\` (${result.region}) |`);
  lines.push(`| Strategy | ${result.strategy} |`);
  if (result.taskDefinitionArn) lines.push(`| Task definition | \`${result.taskDefinitionArn}\` |`);
  if (result.previousTaskDefinitionArn) lines.push(`| Previous | \`${result.previousTaskDefinitionArn}\` |`);
  if (result.deploymentId) lines.push(`| Deployment | \`${result.deploymentId}\` |`);
  lines.push(`| Duration | ${formatDuration(result.durationMs)} |`, '');
  if (result.reasons.length) {
    lines.push('### Why', '', ...result.reasons.map((r) => `- ${escapeCell(r)}`), '');
  }
  if (result.changes.length) {
    lines.push(
      `<details><summary>Task definition changes (${result.changes.length})</summary>`,
      '',
      '```diff',
      ...result.changes.map(formatChange),
      '```',
      '</details>',
      '',
    );
  }
  if (result.preflight.length) {
    lines.push('<details><summary>Preflight</summary>', '', '| Check | Result |', '|---|---|');
    for (const c of result.preflight)
      lines.push(`| ${escapeCell(c.name)} | ${c.ok ? '✅' : '❌'} ${escapeCell(c.detail)} |`);
    lines.push('</details>', '');
  }
  lines.push('### Timeline', '', '| Time (UTC) | Event |', '|---|---|');
  for (const entry of result.timeline) lines.push(`| ${clockTime(entry.atMs)} | ${escapeCell(entry.text)} |`);
  lines.push('', '### Links', '');
  const codeDeployId = result.strategy === 'codedeploy' ? result.deploymentId : undefined;
  for (const link of consoleLinks(result.region, result.ref, {
    taskDefinitionArn: result.taskDefinitionArn,
    codeDeployId,
  })) {
    lines.push(`- [${link.label}](${link.url})`);
  }
  return `${lines.join('\n')}\n`;
}
