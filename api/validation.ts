/**
 * Request parsing for the HTTP API: a strict JSON body parser that keeps the raw text (webhook
 * signatures are computed over it) and a zod validator compiler. Routes validate early (422 with
 * field messages, and the OpenAPI document comes from the same schemas), but pass the input on
 * *as sent*: the migrations client parses it again as the single authority, so HTTP and
 * TypeScript callers get exactly the same normalisation.
 */
import type { FastifyInstance, FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import type { z } from 'zod';
import type { FieldIssue } from '../client/errors';
import { toFieldIssues } from '../client/context';
import { HttpProblem } from './problem';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received (JSON requests only). */
    rawBody?: string;
  }
}

/** Handlers see inputs as sent (`z.input`), matching what the validator passes on. */
export interface ZodInputTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
}

export class RequestValidationError extends Error {
  override name = 'RequestValidationError' as const;
  readonly statusCode = 422;
  constructor(
    readonly part: string,
    readonly issues: FieldIssue[],
    readonly missingBody: boolean,
  ) {
    super(`invalid ${part}`);
  }
}

export function isRequestValidationError(err: unknown): err is RequestValidationError {
  return err instanceof Error && err.name === 'RequestValidationError';
}

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    // Fastify hands a missing body over as null.
    const value = data === null ? undefined : data;
    const parsed = schema.safeParse(value);
    if (parsed.success) return { value };
    const part = httpPart ?? 'input';
    return {
      error: new RequestValidationError(part, toFieldIssues(parsed.error), part === 'body' && value === undefined),
    };
  };

/** JSON only (no text/plain, no form encoding: those get 415), with the raw body kept. */
export function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    req.rawBody = text;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(
        new HttpProblem(400, 'malformed-request', `the body is not valid JSON: ${(err as Error).message}`),
        undefined,
      );
    }
  });
}
