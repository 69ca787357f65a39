import { inputsFirst, runAction } from '@credex/action-kit';
import { readInputs } from './inputs';

await runAction(
  'rollback',
  inputsFirst(readInputs, async () => (await import('./run')).main),
  { exit: true },
);
