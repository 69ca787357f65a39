import type { NextFunction, Request, Response } from 'express';

/**
 * credex-core's validateRequest (src/middleware/validateRequest.ts) with the sanitizers and validators its member
 * and account schemas use (src/utils/inputSanitizer.ts, src/utils/validators.ts, src/api/Member/
 * memberValidationSchemas.ts): each field is sanitized, then validated; the body is replaced by the sanitized fields
 * only (anything else, e.g. a `password`, is dropped); the first problem answers 400 `{message}`.
 */

interface Field {
  sanitize: (value: unknown) => string;
  validate: (value: string) => string | undefined;
}

export type Schema = Record<string, Field>;

function sanitizeString(value: unknown): string {
  if (value === undefined || value === null) return '';
  // credex-core calls input.trim(): anything but a string throws, which validateRequest reports as below.
  if (typeof value !== 'string') throw new TypeError('not a string');
  return value.trim().replace(/[<>]/g, '');
}

const PHONE = /^\+?[1-9]\d{1,14}$/;
const DENOMINATIONS = new Set(['CXX', 'CAD', 'USD', 'XAU', 'ZWG']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const phoneField: Field = {
  sanitize: (value) => sanitizeString(value).replace(/\D/g, ''),
  validate: (value) =>
    PHONE.test(value) ? undefined : 'Invalid phone number: must be a valid international phone number',
};

const nameField: Field = {
  sanitize: (value) => sanitizeString(value).replace(/[^a-zA-Z -]/g, ''),
  validate: (value) =>
    value.length >= 3 && value.length <= 50
      ? undefined
      : `Invalid name: must be between 3 and 50 characters long. Received length: ${value.length}`,
};

const denominationField: Field = {
  sanitize: (value) => sanitizeString(value),
  validate: (value) =>
    DENOMINATIONS.has(value) ? undefined : `Invalid denomination: ${value} is not a recognized denomination`,
};

const uuidField: Field = {
  sanitize: (value) => (typeof value === 'string' ? value.replace(/[^a-fA-F0-9-]/g, '') : ''),
  validate: (value) => (UUID.test(value) ? undefined : 'Invalid UUID format'),
};

export const schemas = {
  login: { phone: phoneField },
  dashboard: { phone: phoneField },
  onboard: { firstname: nameField, lastname: nameField, phone: phoneField, defaultDenom: denominationField },
  balances: { accountID: uuidField },
  empty: {},
} satisfies Record<string, Schema>;

export function validateRequest(schema: Schema) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const sanitized: Record<string, string> = {};
    for (const [key, field] of Object.entries(schema)) {
      if (body[key] === undefined) {
        res.status(400).json({ message: `Required field missing: ${key}` });
        return;
      }
      let value: string;
      try {
        value = field.sanitize(body[key]);
      } catch {
        res.status(400).json({ message: `Sanitization error for ${key}` });
        return;
      }
      sanitized[key] = value;
      const problem = field.validate(value);
      if (problem) {
        res.status(400).json({ message: problem });
        return;
      }
    }
    req.body = sanitized;
    next();
  };
}
