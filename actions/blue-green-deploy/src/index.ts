import { inputsFirst, runAction } from '@credex/action-kit';
import { readInputs } from './inputs';

await runAction(
  'blue-green-deploy',
  {
    main: inputsFirst(readInputs, async () => (await import('./run')).main),
    post: async () => (await import('./run')).post(),
  },
  { exit: true },
);
