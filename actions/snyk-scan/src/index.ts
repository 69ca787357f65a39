import { runAction } from '@credex/action-kit';
import { main } from './main';

await runAction('snyk-scan', main, { exit: true });
