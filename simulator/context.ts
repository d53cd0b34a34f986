/** What every route module of the simulator shares: state, faults, the credentials it accepts. */
import type { z } from 'zod';
import type { SimResponse } from './catalog';
import type { Faults } from './faults';
import type { SimState } from './state';

export interface SimCredentials {
  d360PartnerId: string;
  d360ApiKey: string;
  metaAccessToken: string;
  supportDeskToken: string;
  callbackSigningSecret: string;
}

export interface SimContext {
  state: SimState;
  faults: Faults;
  credentials: SimCredentials;
}

/** Parses with zod or returns the service's 400 built from the issue list. */
export function parseOr<T>(
  schema: z.ZodType<T>,
  data: unknown,
  onError: (message: string) => SimResponse,
): { ok: true; value: T } | { ok: false; error: SimResponse } {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return { ok: false, error: onError(message) };
}

/** Parses a JSON `filters` query parameter (360dialog style); undefined when malformed. */
export function parseFilters(raw: unknown): Record<string, unknown> | undefined {
  if (raw === undefined || raw === '') return {};
  if (typeof raw !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function page<T>(
  items: T[],
  query: { limit?: unknown; offset?: unknown },
): { items: T[]; limit: number; offset: number } {
  const limit = Math.min(Math.max(Number(query.limit) || 20, 1), 1000);
  const offset = Math.max(Number(query.offset) || 0, 0);
  return { items: items.slice(offset, offset + limit), limit, offset };
}
