import { runAction } from '@credex/action-kit';
import { run } from './run';

await runAction('smoke-test', run, { exit: true });
