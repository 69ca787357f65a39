import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '@credex/action-kit';
import {
  activeBlackout,
  blackoutAhead,
  asRegisterRequest,
  checkSecretReferences,
  diffTaskDefinitions,
  formatChange,
  loadTaskDefinitionFile,
  pairImages,
  parseBlackoutWindows,
  parseTaskDefinitionSource,
  renderTaskDefinition,
  stripDescribeOnly,
} from '@credex/ecs-deploy';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, 'fixtures', 'credex-core-task-definition.json');
const base = () => loadTaskDefinitionFile(fixture, '/');

describe('task definition source', () => {
  it('classifies ARNs, family:revision, files and empty', () => {
    expect(
      parseTaskDefinitionSource('arn:aws:ecs:af-south-1:123456789012:task-definition/credex-core-staging:41'),
    ).toEqual({
      kind: 'existing',
      reference: 'arn:aws:ecs:af-south-1:123456789012:task-definition/credex-core-staging:41',
    });
    expect(parseTaskDefinitionSource('credex-core-staging:7')).toEqual({
      kind: 'existing',
      reference: 'credex-core-staging:7',
    });
    expect(parseTaskDefinitionSource('deploy/task-def.yaml')).toEqual({ kind: 'file', path: 'deploy/task-def.yaml' });
    expect(parseTaskDefinitionSource(undefined)).toEqual({ kind: 'current' });
  });

  it('refuses a malformed ARN', () => {
    expect(() => parseTaskDefinitionSource('arn:aws:ecs:af-south-1:1234:task-definition/x')).toThrow(
      ConfigurationError,
    );
  });

  it('reads describe-task-definition output and keeps its tags', () => {
    const request = base();
    expect(request.family).toBe('credex-core-staging');
    expect(request.tags).toEqual([{ key: 'Project', value: 'credex-core' }]);
  });

  it('reads YAML too', () => {
    const request = asRegisterRequest(
      { family: 'credex-core-development', containerDefinitions: [{ name: 'credex-core', image: 'x' }] },
      'inline',
    );
    expect(request.containerDefinitions?.[0]?.name).toBe('credex-core');
  });

  it('names a missing file and a file without containers', () => {
    expect(() => loadTaskDefinitionFile('nope.json', here)).toThrow(/cannot read file "nope.json" \(not found\)/);
    expect(() => asRegisterRequest({ family: 'f' }, 'x.json')).toThrow(/x.json has no "containerDefinitions"/);
  });
});

describe('renderTaskDefinition', () => {
  it('removes describe-only fields', () => {
    const request = stripDescribeOnly(
      (JSON.parse(readFileSync(fixture, 'utf8')) as { taskDefinition: TaskDefinition }).taskDefinition,
    );
    for (const field of [
      'taskDefinitionArn',
      'revision',
      'status',
      'requiresAttributes',
      'compatibilities',
      'registeredAt',
      'registeredBy',
    ]) {
      expect(request).not.toHaveProperty(field);
    }
    expect(request.requiresCompatibilities).toEqual(['FARGATE']);
  });

  it('sets images per container and upserts environment without duplicates', () => {
    const { request } = renderTaskDefinition(base(), {
      images: pairImages(['credex-core'], ['123456789012.dkr.ecr.af-south-1.amazonaws.com/credex-core-staging:abc123']),
      environment: new Map([
        ['LOG_LEVEL', 'debug'],
        ['DEPLOYMENT_SHA', 'abc123'],
      ]),
      secrets: new Map(),
    });
    const app = request.containerDefinitions!.find((c) => c.name === 'credex-core')!;
    expect(app.image).toBe('123456789012.dkr.ecr.af-south-1.amazonaws.com/credex-core-staging:abc123');
    expect(app.environment).toEqual([
      { name: 'NODE_ENV', value: 'staging' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'JWT_SECRET', value: 'plain-text-that-should-be-a-secret' },
      { name: 'DEPLOYMENT_SHA', value: 'abc123' },
    ]);
    // rendering again with the same input changes nothing: no pile-up across deploys
    const again = renderTaskDefinition(request, {
      images: [],
      environment: new Map([['DEPLOYMENT_SHA', 'abc123']]),
      secrets: new Map(),
      container: 'credex-core',
    });
    expect(again.request.containerDefinitions![0]!.environment).toEqual(app.environment);
  });

  it('moves a variable given as a secret out of the plain environment', () => {
    const arn = 'arn:aws:secretsmanager:af-south-1:123456789012:secret:jwt-Xy12Ab';
    const { request, movedToSecrets } = renderTaskDefinition(base(), {
      images: [],
      environment: new Map(),
      secrets: new Map([['JWT_SECRET', arn]]),
      container: 'credex-core',
    });
    const app = request.containerDefinitions![0]!;
    expect(movedToSecrets).toEqual(['JWT_SECRET']);
    expect(app.environment?.some((e) => e.name === 'JWT_SECRET')).toBe(false);
    expect(app.secrets).toEqual([
      {
        name: 'NEO_4J_LEDGER_SPACE_PASS',
        valueFrom: 'arn:aws:secretsmanager:af-south-1:123456789012:secret:neo4j-ledger-AbCdEf',
      },
      { name: 'JWT_SECRET', valueFrom: arn },
    ]);
  });

  it('lists the containers that exist when the name is unknown', () => {
    expect(() =>
      renderTaskDefinition(base(), {
        images: [{ container: 'api', image: 'x:1' }],
        environment: new Map(),
        secrets: new Map(),
      }),
    ).toThrow(
      `input 'container-name': no container named "api" in the task definition (containers: credex-core, log-router)`,
    );
  });

  it('needs a container name for variables when there are several containers', () => {
    expect(() =>
      renderTaskDefinition(base(), { images: [], environment: new Map([['A', '1']]), secrets: new Map() }),
    ).toThrow(/input 'container-name' is required/);
  });

  it('refuses a name in both environment and secrets', () => {
    expect(() =>
      renderTaskDefinition(base(), {
        images: [],
        environment: new Map([['A', '1']]),
        secrets: new Map([['A', 'arn:aws:ssm:af-south-1:123456789012:parameter/a']]),
        container: 'credex-core',
      }),
    ).toThrow(/both set A/);
  });

  it('pairs images with names and refuses mismatched counts', () => {
    expect(() => pairImages(['a', 'b'], ['x:1'])).toThrow(/got 2 container name\(s\) and 1 image\(s\)/);
    expect(() => pairImages(['a', 'a'], ['x:1', 'y:1'])).toThrow(/names "a" twice/);
  });

  it('accepts secret ARNs and parameter names, refuses plain values without echoing them', () => {
    expect(() =>
      checkSecretReferences(new Map([['A', 'arn:aws:ssm:af-south-1:123456789012:parameter/credex/a']])),
    ).not.toThrow();
    expect(() => checkSecretReferences(new Map([['A', '/credex/staging/a']]))).not.toThrow();
    expect(() => checkSecretReferences(new Map([['A', 'looks-like-a-password-42']]))).toThrow(ConfigurationError);
    let message = '';
    try {
      checkSecretReferences(new Map([['A', 'hunter2 with spaces']]));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/A must be a Secrets Manager or SSM parameter ARN/);
    expect(message).not.toContain('hunter2');
  });
});

describe('diffTaskDefinitions', () => {
  it('shows images, secrets and resources; environment values are hidden', () => {
    const before = base();
    const { request: after } = renderTaskDefinition(before, {
      images: [{ container: 'credex-core', image: 'repo:new' }],
      environment: new Map([['LOG_LEVEL', 'debug']]),
      secrets: new Map([['JWT_SECRET', 'arn:aws:secretsmanager:af-south-1:123456789012:secret:jwt-Xy12Ab']]),
      container: 'credex-core',
    });
    after.memory = '4096';
    const lines = diffTaskDefinitions(before, after).map(formatChange);
    expect(lines).toEqual(
      expect.arrayContaining([
        '~ task: memory 2048 -> 4096',
        '~ container credex-core: image 123456789012.dkr.ecr.af-south-1.amazonaws.com/credex-core-staging:old -> repo:new',
        '~ container credex-core: environment LOG_LEVEL (value) -> (changed)',
        '- container credex-core: environment JWT_SECRET (was (value))',
        '+ container credex-core: secret JWT_SECRET = arn:aws:secretsmanager:af-south-1:123456789012:secret:jwt-Xy12Ab',
      ]),
    );
    expect(lines.join('\n')).not.toContain('plain-text-that-should-be-a-secret');
    expect(lines.join('\n')).not.toContain('debug');
  });

  it('is empty for identical definitions', () => {
    expect(diffTaskDefinitions(base(), base())).toEqual([]);
  });
});

describe('blackout windows', () => {
  it('parses windows and handles the wrap past midnight', () => {
    const windows = parseBlackoutWindows(['23:30-00:30 UTC', '12:00-12:15']);
    expect(activeBlackout(windows, new Date('2026-11-28T23:45:00Z'))?.text).toBe('23:30-00:30 UTC');
    expect(activeBlackout(windows, new Date('2026-11-28T00:10:00Z'))?.text).toBe('23:30-00:30 UTC');
    expect(activeBlackout(windows, new Date('2026-11-28T00:30:00Z'))).toBeUndefined();
    expect(activeBlackout(windows, new Date('2026-11-28T12:05:00Z'))?.text).toBe('12:00-12:15');
    expect(activeBlackout(windows, new Date('2026-11-28T15:00:00Z'))).toBeUndefined();
  });

  it('sees a window ahead within the time a deploy may take', () => {
    const windows = parseBlackoutWindows(['23:30-00:30 UTC']);
    expect(blackoutAhead(windows, new Date('2026-11-28T23:05:00Z'), 30 * 60_000)?.text).toBe('23:30-00:30 UTC');
    expect(blackoutAhead(windows, new Date('2026-11-28T22:30:00Z'), 30 * 60_000)).toBeUndefined();
  });

  it('refuses bad specs', () => {
    expect(() => parseBlackoutWindows(['25:00-01:00'])).toThrow(/not a window like 23:30-00:30 UTC/);
    expect(() => parseBlackoutWindows(['23:30-00:30 CET'])).toThrow(ConfigurationError);
    expect(() => parseBlackoutWindows(['10:00-10:00'])).toThrow(/is empty/);
  });
});
