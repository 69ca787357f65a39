import { runAction } from '@credex/action-kit';
import { ACTION, main } from './main';

await runAction(ACTION, { main }, { exit: true });
