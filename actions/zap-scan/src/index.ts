import { inputsFirst, runAction } from '@credex/action-kit';
import { readInputs } from './inputs';

await runAction(
  'zap-scan',
  inputsFirst(readInputs, async () => (await import('./main')).main),
  { exit: true },
);
