import { runAction } from '@credex/action-kit';
import { ACTION, main, post } from './main';

await runAction(ACTION, { main, post }, { exit: true });
