import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError, parseYaml } from '@credex/action-kit';
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';

/** Where the task definition to deploy comes from (input `task-definition`). */
export type TaskDefinitionSource =
  { kind: 'file'; path: string } | { kind: 'existing'; reference: string } | { kind: 'current' };

const ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/;
const FAMILY_REVISION = /^[A-Za-z0-9_-]{1,255}:\d+$/;

/** Classifies the input: an ARN or family:revision is an existing revision, anything else a file path. */
export function parseTaskDefinitionSource(value: string | undefined): TaskDefinitionSource {
  if (value === undefined) return { kind: 'current' };
  if (value.startsWith('arn:')) {
    if (!ARN.test(value)) {
      throw new ConfigurationError(
        `input 'task-definition' is not a task definition ARN (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>): ${JSON.stringify(value)}`,
      );
    }
    return { kind: 'existing', reference: value };
  }
  if (FAMILY_REVISION.test(value)) return { kind: 'existing', reference: value };
  return { kind: 'file', path: value };
}

/**
 * Reads a task definition file (JSON or YAML). Accepts a RegisterTaskDefinition request, or the output of
 * `aws ecs describe-task-definition` (`{ "taskDefinition": {...}, "tags": [...] }`).
 */
export function loadTaskDefinitionFile(path: string, workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()) {
  const full = resolve(workspace, path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      `input 'task-definition': cannot read file ${JSON.stringify(path)} (${code === 'ENOENT' ? 'not found' : code})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigurationError(`input 'task-definition': ${path} is not valid JSON/YAML: ${reason}`);
  }
  return asRegisterRequest(parsed, path);
}

export function asRegisterRequest(parsed: unknown, origin: string): RegisterTaskDefinitionRequest {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(`input 'task-definition': ${origin} does not hold a task definition object`);
  }
  const record = parsed as Record<string, unknown>;
  const wrapped = record.taskDefinition;
  const body = (typeof wrapped === 'object' && wrapped !== null ? wrapped : record) as Record<string, unknown>;
  const tags = Array.isArray(record.tags) && wrapped ? record.tags : body.tags;
  if (typeof body.family !== 'string' || body.family === '') {
    throw new ConfigurationError(`input 'task-definition': ${origin} has no "family"`);
  }
  if (!Array.isArray(body.containerDefinitions) || body.containerDefinitions.length === 0) {
    throw new ConfigurationError(`input 'task-definition': ${origin} has no "containerDefinitions"`);
  }
  const request = { ...body } as unknown as RegisterTaskDefinitionRequest;
  if (Array.isArray(tags) && tags.length > 0) request.tags = tags as RegisterTaskDefinitionRequest['tags'];
  return request;
}
