import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { defaultConfig } from '@credex/ecs-setup';
import { REPO_ROOT } from '../../harness/run-bundle';
import { condition, interpolate, readWorkflow, valueOf, type Workflow } from '../../harness/workflow-job';

// action-templates/credex-core-pipeline.yml, the workflow credex-core can adopt in place of its app.yml, evaluated
// with GitHub's expression library for each branch: what it builds (the Dockerfile target), where it deploys, with
// which role, which alarms and which task secrets; that every reusable workflow it calls exists and takes what it
// passes; and the hygiene of every workflow it runs (pins, permissions, persisted credentials, pacing).

const PIPELINE = 'action-templates/credex-core-pipeline.yml';
const pipeline = readWorkflow(PIPELINE) as Workflow & {
  jobs: Record<
    string,
    {
      uses?: string;
      with?: Record<string, string>;
      secrets?: Record<string, string>;
      needs?: string[] | string;
      if?: string;
      permissions?: Record<string, string>;
    }
  >;
};
const ACCOUNT = '123456789012';
const VPC_RUNNER = '["self-hosted","credex-vpc"]';

function contexts(
  branch: string,
  event = 'push',
  vars: Record<string, string> = { AWS_ACCOUNT_ID: ACCOUNT, CREDEX_VPC_RUNNER: VPC_RUNNER },
) {
  return {
    github: { event_name: event, ref_name: branch, sha: 'f00dfeed'.repeat(5) },
    vars,
    secrets: {},
    inputs: {},
    needs: {},
  };
}

function withOf(job: string, ctx: ReturnType<typeof contexts>): Record<string, string> {
  return Object.fromEntries(Object.entries(pipeline.jobs[job]!.with ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
}

const runs = (job: string, ctx: ReturnType<typeof contexts>) =>
  condition(pipeline.jobs[job]!.if, ctx, { failed: false, cancelled: false });

describe.each([
  ['dev', 'development', 'development', 'dev.mycredex.dev'],
  ['stage', 'staging', 'production', 'stage.mycredex.dev'],
  ['prod', 'production', 'production', 'mycredex.app'],
])('a push to %s', (branch, environment, target, domain) => {
  const ctx = contexts(branch);

  test(`builds --target ${target} for ${environment} with the environment's OIDC deploy role`, () => {
    expect(runs('build', ctx)).toBe(true);
    expect(withOf('build', ctx)).toEqual({
      environment,
      target,
      'role-to-assume': `arn:aws:iam::${ACCOUNT}:role/credex-core-deploy-${environment}`,
    });
  });

  test(`deploys to ${environment} with the setup's names, verified on ${domain}:8443, smoke-tested on ${domain}`, () => {
    const setup = defaultConfig(environment, 'af-south-1', 'Great-Sun-Group/credex-core');
    const w = withOf('deploy', ctx);
    expect(w).toMatchObject({
      environment,
      'role-to-assume': `arn:aws:iam::${ACCOUNT}:role/${setup.deployRole}`,
      'base-url': `https://${domain}`,
      'test-base-url': `https://${domain}:8443`,
      'runs-on': VPC_RUNNER,
      'checks-file': '.github/smoke/credex-core.yml',
      'max-error-rate': '1',
    });
    expect(w['rollback-on-alarms']!.trim().split('\n')).toEqual([setup.alarms.errorRate, setup.alarms.responseTime]);
    expect(w['task-environment']!.trim().split('\n')).toEqual([
      `NODE_ENV=${environment}`,
      `DEPLOYMENT_SHA=${'f00dfeed'.repeat(5)}`,
    ]);
    expect(w.image).toBe(''); // from needs.build.outputs.image at run time
    expect(pipeline.jobs.deploy!.needs).toBe('build');
  });

  test(`ZAP scans staging only${branch === 'stage' ? ' (this one)' : ''}`, () => {
    expect(runs('zap-staging', ctx)).toBe(branch === 'stage');
    if (branch === 'stage') expect(withOf('zap-staging', ctx)['zap-target']).toBe('https://stage.mycredex.dev');
  });
});

test('a pull request runs the checks and Snyk, and builds and deploys nothing', () => {
  const ctx = contexts('feature/x', 'pull_request');
  expect(runs('checks', ctx)).toBe(true);
  expect(runs('snyk', ctx)).toBe(true);
  expect(runs('build', ctx)).toBe(false);
  expect(pipeline.jobs.build!.needs).toEqual(['checks', 'snyk']);
});

test('without a runner in the VPC the deploy runs on GitHub-hosted runners and skips the VPC-only verify gate', () => {
  const w = withOf('deploy', contexts('stage', 'push', { AWS_ACCOUNT_ID: ACCOUNT }));
  expect([w['runs-on'], w['test-base-url']]).toEqual(['ubuntu-latest', '']);
});

describe('the reusable workflows it calls', () => {
  const calls = Object.entries(pipeline.jobs).filter(([, job]) => job.uses);
  test.each(calls.map(([id, job]) => [id, job.uses!] as const))('%s calls %s with what it declares', (_id, uses) => {
    const job = Object.values(pipeline.jobs).find((j) => j.uses === uses)!;
    const file = /^Great-Sun-Group\/credex-actions\/(\.github\/workflows\/[a-z0-9-]+\.yml)@v1$/.exec(uses)?.[1];
    expect(file).toBeDefined();
    expect(existsSync(join(REPO_ROOT, file!))).toBe(true);
    const called = readWorkflow(file!) as Workflow & {
      on: {
        workflow_call: {
          inputs?: Record<string, { required?: boolean }>;
          secrets?: Record<string, { required?: boolean }>;
        };
      };
    };
    const declared = called.on.workflow_call;
    expect(Object.keys(job.with ?? {}).filter((k) => !(k in (declared.inputs ?? {})))).toEqual([]);
    const required = Object.entries(declared.inputs ?? {})
      .filter(([, spec]) => spec.required)
      .map(([k]) => k);
    expect(required.filter((k) => !(k in (job.with ?? {})))).toEqual([]);
    expect(Object.keys(job.secrets ?? {}).filter((k) => !(k in (declared.secrets ?? {})))).toEqual([]);
    // The caller must grant every permission the called jobs ask for.
    const asked = Object.values(called.jobs).flatMap((j) => Object.entries(j.permissions ?? {}));
    for (const [scope, level] of asked) {
      expect([scope, job.permissions?.[scope] === 'write' || job.permissions?.[scope] === level]).toEqual([
        scope,
        true,
      ]);
    }
  });
});

describe('the build', () => {
  const build = readFileSync(join(REPO_ROOT, '.github/workflows/credex-core-build.yml'), 'utf8');
  const workflow = readWorkflow('.github/workflows/credex-core-build.yml');
  const steps = workflow.jobs.build!.steps!;

  test('names the Dockerfile target, passes no build argument, and no secret reaches it', () => {
    const script = steps.find((s) => s.id === 'push')!.run!;
    expect(script).toMatch(/docker build --target "\$TARGET"/);
    expect(build).not.toMatch(/--build-arg/);
    expect(build).not.toMatch(/secrets\./);
    expect(steps.find((s) => s.id === 'push')!.env!.TARGET).toBe('${{ inputs.target }}');
  });

  test.each([
    ['development', 0],
    ['production', 0],
    ['test', 1],
    ['', 1],
  ])('the guard step accepts only development and production: %j exits %i', (target, code) => {
    const guard = steps[0]!.run!;
    const result = spawnSync('bash', ['-c', guard], {
      env: { PATH: process.env.PATH, TARGET: target },
      encoding: 'utf8',
    });
    expect(result.status).toBe(code);
  });

  test('pushes with the OIDC role and reports the image by digest', () => {
    const credentials = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(Object.keys(credentials.with!)).toEqual(['role-to-assume', 'aws-region']);
    expect(workflow.jobs.build!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(steps.find((s) => s.id === 'push')!.run).toMatch(/RepoDigests/);
  });
});

function workflowFiles(): string[] {
  const dir = (d: string) =>
    readdirSync(join(REPO_ROOT, d))
      .filter((f) => f.endsWith('.yml'))
      .map((f) => `${d}/${f}`);
  return [...dir('.github/workflows'), ...dir('action-templates')];
}

describe.each(workflowFiles())('%s', (file) => {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const workflow = parseYaml(text) as Workflow & { permissions?: unknown };

  test('third-party actions are pinned by full SHA with the version in a comment', () => {
    const uses = [...text.matchAll(/uses: ([^\s#]+)(.*)$/gm)].filter(
      ([, ref]) => !ref!.startsWith('./') && !ref!.startsWith('Great-Sun-Group/credex-actions/'),
    );
    for (const [, ref, rest] of uses) {
      expect([ref, /@[0-9a-f]{40}$/.test(ref!)]).toEqual([ref, true]);
      expect([ref, /# v\d+\.\d+\.\d+/.test(rest!)]).toEqual([ref, true]);
    }
  });

  test('every job states its permissions and no checkout keeps the token', () => {
    for (const [id, job] of Object.entries(workflow.jobs)) {
      expect([id, job.permissions !== undefined]).toEqual([id, true]);
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith('actions/checkout@')) {
          expect([id, step.with?.['persist-credentials']]).toEqual([id, false]);
        }
      }
    }
  });

  test('calls to credex-core are paced at 12 requests a minute or less', () => {
    for (const [, key, value] of text.matchAll(
      /(max-requests-per-minute|request-rate|verify-requests-per-minute): '?(\d+)'?/g,
    )) {
      expect([key, Number(value) > 0 && Number(value) <= 12]).toEqual([key, true]);
    }
  });

  // credex-core's Dockerfile (9028233) ends with its test stage (CMD npm test): a build without --target is that image.
  test('every docker build names a Dockerfile stage: development, production, or $TARGET', () => {
    for (const [command] of text.matchAll(/docker (?:buildx )?build\b[^\n]*/g)) {
      expect([command, /--target (development|production|"\$TARGET")\s/.test(command)]).toEqual([command, true]);
    }
  });
});

test('the actions’ own pacing defaults stay under credex-core’s limit', () => {
  const defaults = [
    ['smoke-test', 'max-requests-per-minute'],
    ['blue-green-deploy', 'verify-requests-per-minute'],
    ['zap-scan', 'request-rate'],
  ] as const;
  for (const [action, input] of defaults) {
    const meta = parseYaml(readFileSync(join(REPO_ROOT, 'actions', action, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
    };
    const value = Number(meta.inputs[input]!.default);
    expect([action, value <= 12]).toEqual([action, true]);
  }
});

test('the runs-on of the Neo4j workflows takes a label or a JSON list', () => {
  for (const file of ['.github/workflows/neo4j-license.yml', '.github/workflows/dco-revaluation.yml']) {
    const workflow = readWorkflow(file);
    const job = Object.values(workflow.jobs)[0]!;
    expect(workflow.on?.workflow_call?.inputs?.['runs-on']?.required).toBe(true);
    expect(valueOf(job['runs-on']!, { inputs: { 'runs-on': VPC_RUNNER } })).toEqual(['self-hosted', 'credex-vpc']);
    expect(valueOf(job['runs-on']!, { inputs: { 'runs-on': 'ubuntu-latest' } })).toBe('ubuntu-latest');
  }
});
