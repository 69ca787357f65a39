import { runAction } from '@credex/action-kit';
import { main } from './main';

await runAction('zap-scan', main, { exit: true });
