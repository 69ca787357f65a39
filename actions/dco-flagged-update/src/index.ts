import { inputsFirst, runAction } from '@credex/action-kit';
import { ACTION, readInputs } from './inputs';

await runAction(
  ACTION,
  inputsFirst(readInputs, async () => (await import('./main')).main),
  { exit: true },
);
