import { ConfigurationError } from '@credex/action-kit';
import { DEFAULT_LIMITS, checkLimitsShape, mergeLimits } from '../src/limits';
import { parseInventory, readCredentials, selectEnvironments, parseSize } from '@credex/neo4j-fleet';

const CREDEX = `
limits: { production: 3, development: 6, staging: 3, max-cores: 24, max-memory: 256GB }
environments:
  staging:
    instances:
      - name: ledger
        role: ledger
        uri: neo4j+s://ledger.staging.example:7687
        user-env: NEO_4J_LEDGER_SPACE_USER
        password-env: NEO_4J_LEDGER_SPACE_PASS
      - name: search
        role: search
        uri: neo4j+s://abcd1234.databases.neo4j.io
        user-env: NEO_4J_SEARCH_SPACE_USER
        password-env: NEO_4J_SEARCH_SPACE_PASS
  production:
    instances: []
`;

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseInventory', () => {
  it('reads the credex-core shape, host and Aura detection', () => {
    const inventory = parseInventory(CREDEX, 'inv.yml');
    const staging = inventory.environments.staging!;
    expect(staging.map((i) => [i.name, i.host, i.aura])).toEqual([
      ['ledger', 'ledger.staging.example', false],
      ['search', 'abcd1234.databases.neo4j.io', true],
    ]);
    expect(staging[0]).toMatchObject({ userEnv: 'NEO_4J_LEDGER_SPACE_USER', passwordEnv: 'NEO_4J_LEDGER_SPACE_PASS' });
    expect(inventory.limits).toEqual({
      production: 3,
      development: 6,
      staging: 3,
      'max-cores': 24,
      'max-memory': '256GB',
    });
  });

  it.each([
    [
      'an unknown key on an instance',
      CREDEX.replace('role: ledger', 'role: ledger\n        colour: red'),
      "unknown key 'colour'",
    ],
    ['an unknown top-level key', `${CREDEX}\nextra: 1\n`, "top level: unknown key 'extra'"],
    [
      'an instance without a URI',
      CREDEX.replace('        uri: neo4j+s://ledger.staging.example:7687\n', ''),
      "missing 'uri'",
    ],
    [
      'a limit that is not a number',
      CREDEX.replace('staging: 3,', 'staging: three,'),
      'limits.staging: must be integer',
    ],
    [
      'max-cores that is not a number',
      CREDEX.replace('max-cores: 24', 'max-cores: many'),
      'limits.max-cores: must be integer',
    ],
    ['a memory limit without a size', CREDEX.replace('256GB', 'lots'), 'limits.max-memory'],
    ['a URI with a wrong scheme', CREDEX.replace('neo4j+s://ledger', 'http://ledger'), "uri has scheme 'http'"],
    ['a duplicate instance name', CREDEX.replace('name: search', 'name: ledger'), "duplicate instance name 'ledger'"],
    [
      'a password in the file instead of a variable name',
      CREDEX.replace('NEO_4J_LEDGER_SPACE_PASS', 's3cr3t pass!'),
      'password-env',
    ],
    ['YAML that does not parse', 'environments: [', 'is not valid YAML'],
  ])('rejects %s in one line', (_what, text, expected) => {
    expect(configError(() => parseInventory(text, 'inv.yml'))).toContain(expected);
  });
});

describe('selectEnvironments', () => {
  const limits = DEFAULT_LIMITS.instances;
  it('rejects an environment the limits do not know', () => {
    const inventory = parseInventory(CREDEX.replace('  production:\n', '  prodution:\n'), 'inv.yml');
    expect(configError(() => selectEnvironments(inventory, limits, undefined))).toContain(
      "unknown environment 'prodution'",
    );
  });
  it('rejects an environment input the inventory lacks and picks one that it has', () => {
    const inventory = parseInventory(CREDEX, 'inv.yml');
    expect(configError(() => selectEnvironments(inventory, limits, 'development'))).toContain("input 'environment'");
    expect(selectEnvironments(inventory, limits, 'staging')).toEqual(['staging']);
    expect(selectEnvironments(inventory, limits, undefined)).toEqual(['staging', 'production']);
  });
  it('accepts a custom environment that has a limit', () => {
    const inventory = parseInventory(CREDEX.replace('  production:\n', '  qa:\n'), 'inv.yml');
    const merged = mergeLimits(DEFAULT_LIMITS, { qa: 2 });
    expect(selectEnvironments(inventory, merged.instances, undefined)).toEqual(['staging', 'qa']);
  });
});

describe('readCredentials', () => {
  it('reads variables and names a missing one without any value', () => {
    const instances = parseInventory(CREDEX, 'inv.yml').environments.staging!;
    const env = {
      NEO_4J_LEDGER_SPACE_USER: 'neo4j',
      NEO_4J_LEDGER_SPACE_PASS: 'pw-ledger',
      NEO_4J_SEARCH_SPACE_USER: 'neo4j',
    };
    expect(configError(() => readCredentials(instances, env))).toBe(
      'instance staging/search: environment variable NEO_4J_SEARCH_SPACE_PASS is not set',
    );
    const creds = readCredentials(instances, { ...env, NEO_4J_SEARCH_SPACE_PASS: 'pw-search' });
    expect(creds.get(instances[1]!)).toEqual({ user: 'neo4j', password: 'pw-search' });
  });
});

describe('limits', () => {
  it('merges defaults, inventory and input in that order', () => {
    const merged = mergeLimits(DEFAULT_LIMITS, { staging: 4, 'max-memory': '128GB' }, { staging: 2, 'max-cores': 16 });
    expect(merged).toEqual({
      instances: { production: 3, development: 6, staging: 2 },
      maxCores: 16,
      maxMemoryBytes: 128 * 1024 ** 3,
    });
  });
  it('validates the limits input shape', () => {
    expect(configError(() => checkLimitsShape({ 'max-cores': '24x' }, "input 'limits'"))).toBe(
      "input 'limits' max-cores: must be integer",
    );
    expect(checkLimitsShape({ production: 1 }, 'x')).toEqual({ production: 1 });
  });
  it('parses sizes in binary units', () => {
    expect(parseSize('256GB')).toBe(256 * 1024 ** 3);
    expect(parseSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('512m')).toBe(512 * 1024 ** 2);
    expect(parseSize('1000')).toBe(1000);
    expect(parseSize('lots')).toBeUndefined();
    expect(parseSize('3 parsecs')).toBeUndefined();
  });
});
