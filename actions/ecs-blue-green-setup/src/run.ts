import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { appendSummary, ConfigurationError, log, setOutput, type ActionContext } from '@credex/action-kit';
import { activeBlackout } from '@credex/ecs-deploy/blackout';
import {
  applyPlan,
  countChanges,
  createSetupClients,
  outputsOf,
  planData,
  planLines,
  planSetup,
  setupSummary,
  type Plan,
} from '@credex/ecs-setup';
import type { Inputs } from './inputs';

function report(plan: Plan, mode: 'plan' | 'apply', applied: number, planFile: string | undefined): void {
  const outputs = outputsOf(plan);
  for (const [name, value] of Object.entries(outputs)) setOutput(name, value.startsWith('(new ') ? '' : value);
  setOutput('status', mode === 'plan' ? 'planned' : applied > 0 ? 'applied' : 'unchanged');
  setOutput('changes', String(mode === 'plan' ? countChanges(plan) : applied));
  if (planFile) {
    mkdirSync(dirname(planFile), { recursive: true });
    writeFileSync(planFile, `${JSON.stringify(planData(plan), null, 2)}\n`);
    setOutput('plan-file', planFile);
  }
}

export async function main({ mode, config, blackout, planFile }: Inputs, { signal }: ActionContext): Promise<void> {
  const clients = createSetupClients({ region: config.region });
  const plan = await planSetup(clients, config);
  log.info(
    `${config.cluster}/${config.service} (${config.environment}), test traffic from ${plan.facts.testCidrs.join(', ')}:`,
  );
  for (const line of planLines(plan)) log.info(`  ${line}`);
  for (const warning of plan.warnings) log.warning(warning);

  if (mode === 'plan') {
    log.info(`plan: ${countChanges(plan)} resource(s) to create or change; nothing was changed (mode: apply to apply)`);
    report(plan, mode, 0, planFile);
    await appendSummary(setupSummary(plan, mode, []));
    return;
  }
  const window = activeBlackout(blackout, new Date());
  if (window && plan.steps.some((s) => s.key === 'service' && s.action === 'update')) {
    throw new ConfigurationError(
      `nothing applied: it is inside the blackout window ${window.text}, and switching the service starts a deployment (credex-core runs the DCO at 00:00 UTC in every task); run it outside the window`,
    );
  }
  const applied = await applyPlan(clients, plan, { signal, log: (line) => log.info(line) });
  log.info(applied.length ? `applied ${applied.length} change(s)` : 'everything was already in place; nothing changed');
  report(plan, mode, applied.length, planFile);
  await appendSummary(setupSummary(plan, mode, applied));
}
