import { runAction } from '@credex/action-kit';
import { main, post } from './run';

await runAction('blue-green-deploy', { main, post }, { exit: true });
