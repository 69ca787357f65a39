import { inputsFirst, runAction } from '@credex/action-kit';
import { NAME, readPlan } from './inputs';

await runAction(
  NAME,
  inputsFirst(readPlan, async () => (await import('./run')).run),
  { exit: true },
);
