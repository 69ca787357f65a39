import { inputsFirst, runAction } from '@credex/action-kit';
import { readInputs } from './inputs';

await runAction(
  'smoke-test',
  inputsFirst(readInputs, async () => (await import('./run')).run),
  { exit: true },
);
