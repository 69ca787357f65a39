import { inputsFirst, runAction } from '@credex/action-kit';
import { ACTION, readInputs } from './inputs';

await runAction(
  ACTION,
  {
    main: inputsFirst(readInputs, async () => (await import('./main')).main),
    post: async () => (await import('./main')).post(),
  },
  { exit: true },
);
