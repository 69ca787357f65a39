/** JSON schema of a checks file: the shape only. Meanings (status patterns, JSONPaths, references) are checked in parse.ts. */

const text = { type: 'string' } as const;
const scalar = { type: ['string', 'number', 'boolean'] } as const;
const duration = { type: ['number', 'string'] } as const;
const stringOrList = { anyOf: [text, { type: 'array', items: text, minItems: 1 }] } as const;

const headerExpectation = {
  anyOf: [
    scalar,
    {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      properties: { equals: scalar, matches: text, exists: { const: true }, absent: { const: true } },
    },
  ],
} as const;

const capture = {
  anyOf: [
    text,
    {
      type: 'object',
      additionalProperties: false,
      properties: { json: text, header: text, body: { const: true }, regex: text, secret: { type: 'boolean' } },
    },
  ],
} as const;

const check = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    method: { type: 'string', pattern: '^[A-Za-z]+$' },
    url: text,
    path: text,
    headers: { type: 'object', additionalProperties: scalar },
    query: { type: 'object', additionalProperties: scalar },
    body: {},
    auth: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      properties: {
        bearer: text,
        basic: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: { username: text, password: text },
        },
        header: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'value'],
          properties: { name: text, value: text },
        },
      },
    },
    timeout: duration,
    retries: { type: 'integer', minimum: 0, maximum: 20 },
    'retry-delay': duration,
    'follow-redirects': { type: ['boolean', 'integer'], minimum: 0, maximum: 20 },
    critical: { type: 'boolean' },
    wait: { type: 'boolean' },
    expect: {
      type: 'object',
      additionalProperties: false,
      properties: {
        status: { anyOf: [scalar, { type: 'array', items: scalar, minItems: 1 }] },
        headers: { type: 'object', additionalProperties: headerExpectation },
        body: {
          anyOf: [
            text,
            {
              type: 'object',
              additionalProperties: false,
              minProperties: 1,
              properties: { contains: stringOrList, matches: stringOrList, equals: text },
            },
          ],
        },
        json: { type: 'object' },
        'max-duration': duration,
        'degraded-duration': duration,
        tls: {
          anyOf: [
            { type: 'boolean' },
            {
              type: 'object',
              additionalProperties: false,
              properties: { valid: { type: 'boolean' }, 'min-days': { type: 'number', minimum: 0 } },
            },
          ],
        },
      },
    },
    capture: { type: 'object', additionalProperties: capture },
  },
} as const;

export const checksFileSchema = {
  $id: 'https://credex.dev/schemas/smoke-checks.json',
  anyOf: [
    { type: 'array', items: check, minItems: 1 },
    {
      type: 'object',
      additionalProperties: false,
      required: ['checks'],
      properties: { checks: { type: 'array', items: check, minItems: 1 } },
    },
  ],
} as const;

/** The schema of one check, for error messages that need to walk it. */
export const checkSchema = check;
