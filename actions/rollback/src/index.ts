import { runAction } from '@credex/action-kit';
import { main } from './run';

await runAction('rollback', main, { exit: true });
