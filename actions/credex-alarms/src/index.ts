import { inputsFirst, runAction } from '@credex/action-kit';
import { NAME, readInputs } from './inputs';

await runAction(
  NAME,
  inputsFirst(readInputs, async () => (await import('./run')).run),
  { exit: true },
);
