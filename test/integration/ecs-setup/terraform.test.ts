import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  blueGreenSpec,
  canonicalPolicy,
  defaultConfig,
  loadBalancerDimension,
  samePolicy,
  type Facts,
  type PolicyDocument,
  type PolicyStatement,
  type SpecResource,
} from '@credex/ecs-setup';
import { REPO_ROOT } from '../../harness/run-bundle';

// terraform/modules/ecs-blue-green, parsed with python-hcl2 (PyPI, installed into .venv with the test services),
// declares the same resources, names, properties and policies as the ecs-blue-green-setup action: both are checked
// against the action's own description of them (blueGreenSpec in packages/ecs-setup/src/spec.ts). The module's
// expressions are evaluated here with example values for credex-core's existing resources (its variables and data
// sources); the action's spec gets the same values as its facts. References to what the module creates stay
// symbolic (`ref:aws_lb_target_group.green.arn`), and the spec is given the same symbols for what the action creates.

const MODULE = join(REPO_ROOT, 'terraform', 'modules', 'ecs-blue-green');
const PYTHON = join(REPO_ROOT, '.venv', 'bin', 'python');
const PARSE = `
import hcl2, json, sys
out = {}
for path in sys.argv[1:]:
    with open(path) as f:
        out[path] = hcl2.load(f)
print(json.dumps(out))
`;

const ACCOUNT = '123456789012';
const LB = `arn:aws:elasticloadbalancing:af-south-1:${ACCOUNT}:loadbalancer/app/credex-alb-staging/50dc6c495c0c9188`;
const LISTENER = `arn:aws:elasticloadbalancing:af-south-1:${ACCOUNT}:listener/app/credex-alb-staging/50dc6c495c0c9188/0467ef3c8400ae65`;
const TG = `arn:aws:elasticloadbalancing:af-south-1:${ACCOUNT}:targetgroup/credex-tg-staging/73e2d6bc24d8a067`;
const CERT = `arn:aws:acm:af-south-1:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`;
const HEALTH = {
  path: '/health',
  matcher: '200',
  protocol: 'HTTP',
  interval: 30,
  timeout: 3,
  healthy_threshold: 3,
  unhealthy_threshold: 2,
};

/** credex-core's staging environment as the module's variables and data sources see it. */
const VARIABLES: Record<string, unknown> = {
  environment: 'staging',
  load_balancer_arn: LB,
  production_listener_arn: LISTENER,
  alb_security_group_id: 'sg-0a1b2c3d4e5f60718',
  test_cidrs: ['10.2.0.0/16', '203.0.113.10/32', '203.0.113.11/32'],
  target_group_arn: TG, // credex-core's modules/app variable, used by the example service block
};
const DATA: Record<string, unknown> = {
  'data.aws_caller_identity.current.account_id': ACCOUNT,
  'data.aws_lb.this.arn_suffix': loadBalancerDimension(LB),
  'data.aws_lb_listener.production.protocol': 'HTTPS',
  'data.aws_lb_listener.production.ssl_policy': 'ELBSecurityPolicy-2016-08',
  'data.aws_lb_listener.production.certificate_arn': CERT,
  'data.aws_lb_target_group.production.arn': TG,
  'data.aws_lb_target_group.production.port': 3000,
  'data.aws_lb_target_group.production.protocol': 'HTTP',
  'data.aws_lb_target_group.production.vpc_id': 'vpc-0fedcba9876543210',
  ...Object.fromEntries(
    Object.entries(HEALTH).map(([k, v]) => [`data.aws_lb_target_group.production.health_check[0].${k}`, v]),
  ),
};
const FACTS: Facts = {
  accountId: ACCOUNT,
  vpcId: 'vpc-0fedcba9876543210',
  productionTargetGroup: { name: 'credex-tg-staging', arn: TG, port: 3000, protocol: 'HTTP', healthCheck: HEALTH },
  loadBalancerArn: LB,
  securityGroupId: 'sg-0a1b2c3d4e5f60718',
  productionListener: {
    arn: LISTENER,
    protocol: 'HTTPS',
    sslPolicy: 'ELBSecurityPolicy-2016-08',
    certificateArn: CERT,
  },
  container: { name: 'credex-core', port: 3000 },
  testCidrs: VARIABLES.test_cidrs as string[],
};

type Block = Record<string, unknown>;
type Parsed = Record<string, Record<string, Block[]>>;

function parseModule(): Parsed {
  const files = [
    ...readdirSync(MODULE).filter((f) => f.endsWith('.tf')),
    ...readdirSync(join(MODULE, 'examples')).map((f) => join('examples', f)),
  ].map((f) => join(MODULE, f));
  return JSON.parse(execFileSync(PYTHON, ['-c', PARSE, ...files], { encoding: 'utf8' })) as Parsed;
}

const unquote = (label: string): string => label.replace(/^"|"$/g, '');

/** Every block of a kind (resource, data, output, ...) across the files, by "<type>.<name>" (or name). */
function blocksOf(parsed: Parsed, kind: string): Map<string, Block> {
  const found = new Map<string, Block>();
  for (const file of Object.values(parsed)) {
    for (const entry of file[kind] ?? []) {
      for (const [first, inner] of Object.entries(entry)) {
        if (kind === 'resource' || kind === 'data') {
          for (const [name, block] of Object.entries(inner as Record<string, Block>)) {
            found.set(`${unquote(first)}.${unquote(name)}`, block);
          }
        } else if (first !== '__is_block__') found.set(unquote(first), inner as Block);
      }
    }
  }
  return found;
}

/** Meta-arguments and parser markers: not properties of the resource. */
const META = new Set(['__is_block__', 'count', 'for_each', 'lifecycle', 'depends_on']);

class Evaluator {
  readonly resources: Map<string, Block>;
  private readonly data: Map<string, Block>;
  private readonly locals: Block;
  private readonly outputs: Map<string, Block>;
  private readonly variables: Map<string, Block>;
  each: unknown;

  constructor(parsed: Parsed) {
    this.resources = blocksOf(parsed, 'resource');
    this.data = blocksOf(parsed, 'data');
    this.outputs = blocksOf(parsed, 'output');
    this.variables = blocksOf(parsed, 'variable');
    this.locals = Object.assign({}, ...Object.values(parsed).flatMap((f) => f.locals ?? [])) as Block;
  }

  value(v: unknown): unknown {
    if (typeof v === 'string') {
      const whole = /^\$\{(.+)\}$/s.exec(v);
      if (whole) return this.expr(whole[1]!.trim());
      if (v.startsWith('"') && v.endsWith('"')) {
        return v.slice(1, -1).replace(/\$\{([^}]+)\}/g, (_, e: string) => String(this.expr(e.trim())));
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((item) => this.value(item));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !META.has(k))
          .map(([k, item]) => [k, this.value(item)]),
      );
    }
    return v;
  }

  private expr(e: string): unknown {
    if (e in DATA) return DATA[e];
    let m = /^var\.(\w+)$/.exec(e);
    if (m) {
      if (m[1]! in VARIABLES) return VARIABLES[m[1]!];
      const declaredDefault = this.variables.get(m[1]!)?.default;
      if (declaredDefault === undefined) throw new Error(`no example value for var.${m[1]}`);
      return this.value(declaredDefault);
    }
    if ((m = /^local\.(\w+)$/.exec(e))) return this.value(this.locals[m[1]!]);
    if (e === 'each.value') return this.each;
    if ((m = /^toset\((.+)\)$/.exec(e))) return this.expr(m[1]!);
    if ((m = /^data\.aws_iam_policy_document\.(\w+)\.json$/.exec(e))) return this.policy(m[1]!);
    if ((m = /^module\.ecs_blue_green\.(\w+)$/.exec(e))) return this.value(this.outputs.get(m[1]!)!.value);
    if ((m = /^(aws_\w+\.\w+)\.(\w+)$/.exec(e))) {
      const block = this.resources.get(m[1]!);
      // credex-core's own resources (the example service block refers to its cluster) stay symbolic.
      if (!block) return `ref:${e}`;
      if (m[1]!.startsWith('aws_iam_role.') && m[2] === 'arn')
        return `arn:aws:iam::${ACCOUNT}:role/${String(this.value(block.name))}`;
      return m[2]! in block ? this.value(block[m[2]!]) : `ref:${e}`;
    }
    throw new Error(`the test cannot evaluate \${${e}}`);
  }

  /** An aws_iam_policy_document data block as the JSON policy it renders. */
  policy(name: string): PolicyDocument {
    const doc = this.data.get(`aws_iam_policy_document.${name}`)!;
    const statements = (doc.statement as Block[]).map((s): PolicyStatement => {
      const v = this.value(s) as Record<string, unknown>;
      const principals = (v.principals as { type: string; identifiers: string[] }[] | undefined) ?? [];
      const conditions = (v.condition as { test: string; variable: string; values: string[] }[] | undefined) ?? [];
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of conditions) condition[c.test] = { ...condition[c.test], [c.variable]: c.values };
      return {
        ...(v.sid ? { Sid: v.sid as string } : {}),
        Effect: v.effect as 'Allow',
        Action: v.actions as string[],
        ...(v.resources ? { Resource: v.resources as string[] } : {}),
        ...(principals.length ? { Principal: Object.fromEntries(principals.map((p) => [p.type, p.identifiers])) } : {}),
        ...(conditions.length ? { Condition: condition } : {}),
      };
    });
    return { Version: '2012-10-17', Statement: statements };
  }
}

/** Nested blocks come as one-element lists (marked by the parser): take the element, except blocks that repeat. */
function unblock(value: unknown, repeated = new Set(['target_group', 'metric_query'])): unknown {
  if (Array.isArray(value)) return value.map((v) => unblock(v, repeated));
  if (value === null || typeof value !== 'object') return value;
  const isBlockList = (v: unknown): v is Block[] =>
    Array.isArray(v) && v.length > 0 && (v[0] as Block | undefined)?.__is_block__ === true;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      isBlockList(v) && !repeated.has(k) ? unblock(v[0], repeated) : unblock(v, repeated),
    ]),
  );
}

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => object[k] !== undefined).map((k) => [k, object[k]]));
}

interface Forward {
  type: string;
  forward: { target_group: { arn: string; weight: number }[] };
}
const forward = (action: Forward) => ({ type: action.type, target_groups: action.forward.target_group });

/** The module's declaration of a spec resource, in the spec's shape. */
function declared(evaluator: Evaluator, resource: SpecResource): Record<string, unknown> {
  const block = evaluator.resources.get(resource.terraform);
  if (!block) throw new Error(`the module does not declare ${resource.terraform} (${resource.title})`);
  const keys = Object.keys(resource.props);
  if (resource.key === 'test-ingress') {
    const cidrs = evaluator.value(block.for_each) as string[];
    expect(cidrs.length).toBeGreaterThan(0);
    const rules = cidrs.map((cidr) => {
      evaluator.each = cidr;
      return evaluator.value(block) as Record<string, unknown>;
    });
    return { ...pick(rules[0]!, keys), cidr_ipv4: rules.map((r) => r.cidr_ipv4) };
  }
  const v = evaluator.value(unblock(block)) as Record<string, unknown>;
  switch (resource.key) {
    case 'production-rule':
    case 'test-rule': {
      const condition = v.condition as { path_pattern?: { values: string[] }; source_ip?: { values: string[] } };
      return {
        ...pick(v, ['listener_arn', 'priority']),
        ...(condition.path_pattern ? { path_pattern: condition.path_pattern.values } : {}),
        ...(condition.source_ip ? { source_ip: condition.source_ip.values } : {}),
        action: forward(v.action as Forward),
        tags: { Name: (v.tags as Record<string, string>).Name },
      };
    }
    case 'test-listener':
      return { ...pick(v, keys), default_action: forward(v.default_action as Forward) };
    default:
      return pick(v, keys);
  }
}

describe('terraform/modules/ecs-blue-green matches the action', () => {
  // The test services install python-hcl2 with moto (test/services/requirements.txt); without it this fails, never skips.
  if (!existsSync(PYTHON))
    throw new Error(`${PYTHON} is missing: run npm run services:start (it installs python-hcl2)`);
  const parsed = parseModule();
  const spec = blueGreenSpec(defaultConfig('staging', 'af-south-1', 'Great-Sun-Group/credex-core'), FACTS, {
    greenTargetGroup: 'ref:aws_lb_target_group.green.arn',
    productionRule: 'ref:aws_lb_listener_rule.production.arn',
    testListener: 'ref:aws_lb_listener.test.arn',
    testRule: 'ref:aws_lb_listener_rule.test.arn',
    infrastructureRole: `arn:aws:iam::${ACCOUNT}:role/ecs-infrastructure-role-staging`,
  });

  test('every resource of the action is declared, and the module declares nothing else', () => {
    const evaluator = new Evaluator(parsed);
    expect([...evaluator.resources.keys()].sort()).toEqual(spec.map((r) => r.terraform).sort());
  });

  test.each(spec.map((r) => [r.title, r] as const))('%s', (_title, resource) => {
    const evaluator = new Evaluator(parsed);
    const module = declared(evaluator, resource);
    const policyKeys = ['assume_role_policy', 'policy'];
    for (const key of policyKeys.filter((k) => k in resource.props)) {
      expect(canonicalPolicy(module[key])).toEqual(canonicalPolicy(resource.props[key]));
      delete module[key];
    }
    const expected = Object.fromEntries(Object.entries(resource.props).filter(([k]) => !policyKeys.includes(k)));
    expect(module).toEqual(expected);
  });

  test('the comparison can fail: a changed alarm threshold or policy action is seen', () => {
    const evaluator = new Evaluator(parsed);
    const alarm = spec.find((r) => r.key === 'alarm-error-rate')!;
    expect(declared(evaluator, { ...alarm, props: { ...alarm.props, threshold: 2 } })).not.toEqual({
      ...alarm.props,
      threshold: 2,
    });
    const policy = spec.find((r) => r.key === 'deploy-role-policy')!.props.policy as PolicyDocument;
    const widened = {
      ...policy,
      Statement: [...policy.Statement, { Effect: 'Allow' as const, Action: 'ecs:*', Resource: '*' }],
    };
    expect(samePolicy(evaluator.policy('deploy'), widened)).toBe(false);
  });
});

test('python-hcl2 is installed with the test services (test/services/requirements.txt)', () => {
  expect(execFileSync(PYTHON, ['-c', 'import hcl2; print("ok")'], { encoding: 'utf8' }).trim()).toBe('ok');
});
