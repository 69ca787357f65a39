import { installNode24 } from '../../scripts/install-node24.mjs';
import { formatMs } from './format.mjs';
import { startServices } from './services.mjs';

// Starts the test services unless they already run (then it only checks that they answer, well under a second),
// and takes a lease so that an overlapping jest run does not stop them underneath us. Installs Node 24 for the
// e2e-node24 project first (a version check when it is already in .cache/node24).
export default async function globalSetup() {
  installNode24();
  const { started, timings } = await startServices({ owner: 'jest' });
  if (started.length > 0) {
    process.stderr.write(`\ntest services: started ${started.join(', ')} in ${formatMs(timings.total)}\n`);
  }
}
