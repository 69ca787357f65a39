import { ConfigurationError, parseYaml } from '@credex/action-kit';
import { uriProblem } from '@credex/neo4j';
import { describeSchemaError, validateInventoryShape, type RawLimits } from './schema';

export interface InventoryInstance {
  environment: string;
  name: string;
  role?: string;
  uri: string;
  host: string;
  /** Bolt port (7687 when the URI has none): two servers on one host are two instances. */
  port: number;
  userEnv: string;
  passwordEnv: string;
  database?: string;
  aura: boolean;
  ec2InstanceId?: string;
  ec2Name?: string;
  licenseFile?: string;
  logFile?: string;
  logGroup?: string;
  logStreamPrefix?: string;
}

export interface Inventory {
  limits?: RawLimits;
  /** Environment name → its instances, in file order. */
  environments: Record<string, InventoryInstance[]>;
}

interface RawInstance {
  name: string;
  role?: string;
  uri: string;
  'user-env': string;
  'password-env': string;
  database?: string;
  aura?: boolean;
  'ec2-instance-id'?: string;
  'ec2-name'?: string;
  'license-file'?: string;
  'log-file'?: string;
  'log-group'?: string;
  'log-stream-prefix'?: string;
}

interface RawInventory {
  limits?: RawLimits;
  environments: Record<string, { instances: RawInstance[] }>;
}

const AURA_HOST = /\.databases\.neo4j\.io$/i;

/**
 * Parses and strictly validates an inventory (YAML text). `source` names the file in error messages.
 * Everything wrong is a ConfigurationError with one line: unknown keys, missing URIs, bad URIs, duplicate names.
 */
export function parseInventory(text: string, source: string): Inventory {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigurationError(`inventory ${source} is not valid YAML: ${reason}`);
  }
  if (!validateInventoryShape(data)) {
    throw new ConfigurationError(`inventory ${source}: ${describeSchemaError(validateInventoryShape.errors?.[0])}`);
  }
  // The inventory schema includes the limits schema: `limits` is validated here too.
  const raw = data as RawInventory;
  const environments: Record<string, InventoryInstance[]> = {};
  for (const [environment, { instances }] of Object.entries(raw.environments)) {
    const seen = new Set<string>();
    environments[environment] = instances.map((r, index) => {
      const where = `inventory ${source}: environments.${environment}.instances.${index}`;
      if (seen.has(r.name)) throw new ConfigurationError(`${where}: duplicate instance name '${r.name}'`);
      seen.add(r.name);
      const problem = uriProblem(r.uri);
      if (problem) throw new ConfigurationError(`${where}.uri ${problem}`);
      const url = new URL(r.uri);
      const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
      return {
        environment,
        name: r.name,
        role: r.role,
        uri: r.uri,
        host,
        port: url.port === '' ? 7687 : Number(url.port),
        userEnv: r['user-env'],
        passwordEnv: r['password-env'],
        database: r.database,
        aura: r.aura ?? AURA_HOST.test(host),
        ec2InstanceId: r['ec2-instance-id'],
        ec2Name: r['ec2-name'],
        licenseFile: r['license-file'],
        logFile: r['log-file'],
        logGroup: r['log-group'],
        logStreamPrefix: r['log-stream-prefix'],
      };
    });
  }
  return { limits: raw.limits, environments };
}

/**
 * Checks that every environment has an instance limit (an unknown environment name is a mistake, not a new
 * environment) and picks the environments to check.
 */
export function selectEnvironments(
  inventory: Inventory,
  limits: Record<string, number>,
  only: string | undefined,
): string[] {
  const known = Object.keys(limits);
  for (const name of Object.keys(inventory.environments)) {
    if (!(name in limits)) {
      throw new ConfigurationError(
        `inventory: unknown environment '${name}' (known: ${known.join(', ')}; add a limit for it under limits)`,
      );
    }
  }
  if (only === undefined) return Object.keys(inventory.environments);
  if (!(only in inventory.environments)) {
    const inFile = Object.keys(inventory.environments).join(', ');
    throw new ConfigurationError(`input 'environment' names '${only}', which the inventory does not have (${inFile})`);
  }
  return [only];
}

export interface Credentials {
  user: string;
  password: string;
}

/** Reads each selected instance's credentials from the environment; a missing variable is a configuration error. */
export function readCredentials(
  instances: InventoryInstance[],
  env: NodeJS.ProcessEnv,
): Map<InventoryInstance, Credentials> {
  const result = new Map<InventoryInstance, Credentials>();
  for (const instance of instances) {
    const user = env[instance.userEnv];
    const password = env[instance.passwordEnv];
    for (const [name, value] of [
      [instance.userEnv, user],
      [instance.passwordEnv, password],
    ] as const) {
      if (value === undefined || value === '') {
        throw new ConfigurationError(
          `instance ${instance.environment}/${instance.name}: environment variable ${name} is not set`,
        );
      }
    }
    result.set(instance, { user: user!, password: password! });
  }
  return result;
}
