import { markdownTable } from '@credex/reports';
import { outputsOf, type Plan } from './plan';
import type { Step } from './step';

const SYMBOL: Record<Step['action'], string> = {
  create: '➕ create',
  update: '✏️ update',
  none: '✔ in place',
  conflict: '⛔ conflict',
};

export function countChanges(plan: Plan): number {
  return plan.steps.filter((s) => s.action === 'create' || s.action === 'update').length;
}

/** One line per resource for the log, e.g. `+ create  target group credex-tg-staging-green: HTTP 3000, ...`. */
export function planLines(plan: Plan): string[] {
  const mark: Record<Step['action'], string> = { create: '+', update: '~', none: '=', conflict: '!' };
  return plan.steps.map(
    (s) => `${mark[s.action]} ${s.action.padEnd(8)} ${s.title}${s.details.length ? `: ${s.details.join('; ')}` : ''}`,
  );
}

export function setupSummary(plan: Plan, mode: 'plan' | 'apply', applied: Step[]): string {
  const changes = countChanges(plan);
  const heading =
    mode === 'plan'
      ? `## ecs-blue-green-setup: plan for ${plan.config.environment} (${changes} to change, nothing changed)`
      : `## ecs-blue-green-setup: ${plan.config.environment} ${applied.length ? `applied ${applied.length} change(s)` : 'already in place, nothing changed'}`;
  const rows = plan.steps.map((s) => [SYMBOL[s.action], s.title, s.details.join('<br>')]);
  const outputs = outputsOf(plan);
  const parts = [
    heading,
    '',
    markdownTable(['Action', 'Resource', 'Details'], rows),
    `Test traffic from ${plan.facts.testCidrs.join(', ')} reaches \`${outputs['test-url']}\`; rollback alarms: ${outputs[
      'alarm-names'
    ]!.split('\n')
      .map((a) => `\`${a}\``)
      .join(', ')}.`,
  ];
  for (const warning of plan.warnings) parts.push('', `> [!WARNING]\n> ${warning}`);
  return `${parts.join('\n')}\n`;
}
