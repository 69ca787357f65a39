import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveServices, type Scenario } from './types';

// The weekly license check of credex-core's development environment, against the two live Neo4j servers standing
// in for LedgerSpace and SearchSpace. They run Community, so case 1 fails: fail-on never keeps the step green while
// the report says so.
export const neo4jLicenseCheck: Scenario = {
  name: 'neo4j-license-check',
  description:
    'The weekly Neo4j license check of development: both live servers, credentials through NEO_4J_* variables.',
  actions: ['neo4j-license-check'],
  needsServices: true,
  async run(ctx) {
    const services = liveServices(ctx);
    const workspace = ctx.workspace('license');
    writeFileSync(
      join(workspace, 'neo4j-inventory.yml'),
      [
        'environments:',
        '  development:',
        '    instances:',
        '      - name: ledger',
        '        role: ledger',
        `        uri: ${services.NEO4J_URI}`,
        '        user-env: NEO_4J_LEDGER_SPACE_USER',
        '        password-env: NEO_4J_LEDGER_SPACE_PASS',
        '      - name: search',
        '        role: search',
        `        uri: ${services.NEO4J2_URI}`,
        '        user-env: NEO_4J_SEARCH_SPACE_USER',
        '        password-env: NEO_4J_SEARCH_SPACE_PASS',
        '',
      ].join('\n'),
    );
    const result = await ctx.step(
      'LedgerSpace + SearchSpace (development), read-only, fail-on never',
      'neo4j-license-check',
      {
        workspace,
        timeoutMs: 90_000,
        env: {
          NEO_4J_LEDGER_SPACE_USER: services.NEO4J_USER,
          NEO_4J_LEDGER_SPACE_PASS: services.NEO4J_PASSWORD,
          NEO_4J_SEARCH_SPACE_USER: services.NEO4J2_USER,
          NEO_4J_SEARCH_SPACE_PASS: services.NEO4J2_PASSWORD,
        },
        inputs: {
          inventory: 'neo4j-inventory.yml',
          environment: 'development',
          mode: 'read-only',
          'fail-on': 'never',
          'report-file': 'neo4j-license/report.json',
          'junit-file': 'neo4j-license/junit.xml',
        },
      },
      {
        exitCode: 0,
        // Community is not licensed Enterprise: the check must say so.
        outputs: { passed: 'false', 'failed-count': /^[1-9]\d*$/ },
        check: (r) => (r.summary.includes('community') ? undefined : 'the summary does not name the community edition'),
      },
    );
    return `exit ${String(result.exitCode)}; Community detected: ${result.outputs['failed-count'] ?? '?'} failed, ${result.outputs['warn-count'] ?? '?'} warning case result(s)`;
  },
};
