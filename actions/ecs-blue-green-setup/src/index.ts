import { runAction } from '@credex/action-kit';
import { main } from './run';

await runAction('ecs-blue-green-setup', main, { exit: true });
