import { ConfigurationError } from '@credex/action-kit';
import type { ContainerDefinition, RegisterTaskDefinitionRequest, TaskDefinition, Tag } from '@aws-sdk/client-ecs';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition rejects. */
const DESCRIBE_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

export function stripDescribeOnly(
  definition: TaskDefinition | RegisterTaskDefinitionRequest,
  tags?: Tag[],
): RegisterTaskDefinitionRequest {
  const copy = structuredClone(definition) as Record<string, unknown>;
  for (const field of DESCRIBE_ONLY) delete copy[field];
  const request = copy as unknown as RegisterTaskDefinitionRequest;
  if (tags && tags.length > 0) request.tags = tags;
  else if (Array.isArray(request.tags) && request.tags.length === 0) delete request.tags;
  return request;
}

export interface ImageOverride {
  container: string;
  image: string;
}

export interface RenderOptions {
  images: ImageOverride[];
  /** Upserted into the target container's `environment` (later wins, never duplicated). */
  environment: Map<string, string>;
  /** Upserted into the target container's `secrets` as valueFrom (ARN of a secret or SSM parameter). */
  secrets: Map<string, string>;
  /** The container environment and secrets go to; defaults to the first image override, or the only container. */
  container?: string;
}

export interface RenderResult {
  request: RegisterTaskDefinitionRequest;
  /** Names of environment entries that moved to `secrets` because a secret of the same name was given. */
  movedToSecrets: string[];
}

function findContainer(definitions: ContainerDefinition[], name: string, input: string): ContainerDefinition {
  const found = definitions.find((c) => c.name === name);
  if (!found) {
    const names = definitions.map((c) => c.name ?? '(unnamed)').join(', ');
    throw new ConfigurationError(
      `input '${input}': no container named "${name}" in the task definition (containers: ${names})`,
    );
  }
  return found;
}

/**
 * Applies images, environment and secrets to a task definition. Variables are upserted by name: an existing
 * entry is replaced, duplicates left by earlier tools are collapsed, and a name given as a secret is removed from
 * the plain environment (a value must not be in both places).
 */
export function renderTaskDefinition(base: RegisterTaskDefinitionRequest, options: RenderOptions): RenderResult {
  const request = stripDescribeOnly(base);
  const containers = request.containerDefinitions ?? [];
  for (const { container, image } of options.images)
    findContainer(containers, container, 'container-name').image = image;

  const touchesVariables = options.environment.size > 0 || options.secrets.size > 0;
  const movedToSecrets: string[] = [];
  if (!touchesVariables) return { request, movedToSecrets };

  const targetName = options.container ?? options.images[0]?.container;
  let target: ContainerDefinition;
  if (targetName !== undefined) target = findContainer(containers, targetName, 'container-name');
  else if (containers.length === 1) target = containers[0]!;
  else {
    const names = containers.map((c) => c.name ?? '(unnamed)').join(', ');
    throw new ConfigurationError(
      `input 'container-name' is required to set environment or secrets when the task definition has several containers (${names})`,
    );
  }

  for (const key of options.environment.keys()) {
    if (options.secrets.has(key)) {
      throw new ConfigurationError(`inputs 'environment' and 'secrets' both set ${key}: give it in one of them`);
    }
  }

  const environment = new Map<string, string>();
  for (const entry of target.environment ?? []) if (entry.name) environment.set(entry.name, entry.value ?? '');
  for (const [key, value] of options.environment) environment.set(key, value);

  const secrets = new Map<string, string>();
  for (const entry of target.secrets ?? []) if (entry.name) secrets.set(entry.name, entry.valueFrom ?? '');
  for (const [key, valueFrom] of options.secrets) {
    secrets.set(key, valueFrom);
    if (environment.delete(key)) movedToSecrets.push(key);
  }

  target.environment = [...environment].map(([name, value]) => ({ name, value }));
  target.secrets = [...secrets].map(([name, valueFrom]) => ({ name, valueFrom }));
  if (target.secrets.length === 0) delete target.secrets;
  return { request, movedToSecrets };
}

/** Pairs `container-name` entries with `image` entries (same count, or several names for one image is an error). */
export function pairImages(containerNames: string[], images: string[]): ImageOverride[] {
  if (images.length === 0) return [];
  if (containerNames.length !== images.length) {
    throw new ConfigurationError(
      `inputs 'container-name' and 'image' must pair up: got ${containerNames.length} container name(s) and ${images.length} image(s)`,
    );
  }
  const seen = new Set<string>();
  return images.map((image, index) => {
    const container = containerNames[index]!;
    if (seen.has(container)) throw new ConfigurationError(`input 'container-name' names "${container}" twice`);
    seen.add(container);
    if (!/^[^\s]+$/.test(image))
      throw new ConfigurationError(`input 'image' entry ${index + 1} is not an image reference`);
    return { container, image };
  });
}

const SECRET_ARN = /^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:\d{12}:(secret:|parameter\/).+$/;

/**
 * Checks `secrets` values are Secrets Manager or SSM parameter ARNs, or SSM parameter paths (`/credex/staging/x`).
 * Bare words are refused: they are more likely a pasted secret than a parameter name.
 */
export function checkSecretReferences(secrets: Map<string, string>): void {
  for (const [key, value] of secrets) {
    if (value === '') throw new ConfigurationError(`input 'secrets': ${key} has no ARN`);
    if (value.startsWith('arn:') ? !SECRET_ARN.test(value) : !/^\/[A-Za-z0-9_.\-/]+$/.test(value)) {
      throw new ConfigurationError(
        `input 'secrets': ${key} must be a Secrets Manager or SSM parameter ARN, or an SSM parameter path starting with /, not a plain value`,
      );
    }
  }
}
