/**
 * The number owner's action links (`/a/<token>`): a JWT (HS256, `jose`) bound to one migration run,
 * one step and one action, expiring no later than the step's deadline. Signed with the first of
 * OWNER_LINK_KEYS (`id:base64`); every listed key still verifies, so keys rotate without breaking
 * links in flight. The token is a bearer credential: never logged, never in history.
 */
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { Duration } from '../contracts/durations';
import { OWNER_ACTIONS, type OwnerAction } from '../contracts/owner-actions';
import type { Config } from '../temporal.config';

export interface ActionLinkClaims {
  migrationId: string;
  runId: string;
  step: string;
  action: OwnerAction;
  expiresAt: Date;
}

/** Why a link cannot be used; each one is its own page and status (routes.ts). */
export type LinkRefusal = 'tampered' | 'expired' | 'malformed';
export class ActionLinkError extends Error {
  override name = 'ActionLinkError' as const;
  constructor(readonly refusal: LinkRefusal) {
    super(`action link ${refusal}`);
  }
}

const AUDIENCE = 'owner-action';
const claimsSchema = z.object({
  sub: z.string().min(1),
  rid: z.string().min(1),
  stp: z.string().min(1),
  act: z.enum(OWNER_ACTIONS),
  exp: z.number(),
});
// A JWT is three base64url parts; anything else is refused before any crypto runs.
const TOKEN_SHAPE = /^[\w-]{10,200}\.[\w-]{10,1000}\.[\w-]{20,100}$/;

export interface ActionLinks {
  mint(claims: ActionLinkClaims & { issuedAt: Date }): Promise<string>;
  verify(token: string): Promise<ActionLinkClaims>;
}

/** `keys`: `id:base64(32 bytes)` entries, the first one signs. */
export function actionLinks(keys: string): ActionLinks {
  const ring = keys.split(',').map((entry) => {
    const [id, material] = entry.trim().split(':');
    return { id: id ?? '', secret: new Uint8Array(Buffer.from(material ?? '', 'base64')) };
  });
  const signer = ring[0];
  if (!signer) throw new Error('OWNER_LINK_KEYS holds no key');
  return {
    async mint({ migrationId, runId, step, action, expiresAt, issuedAt }) {
      // Same inputs, same token: the status and the callback event show one link per step.
      return new SignJWT({ rid: runId, stp: step, act: action })
        .setProtectedHeader({ alg: 'HS256', kid: signer.id })
        .setSubject(migrationId)
        .setAudience(AUDIENCE)
        .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(signer.secret);
    },
    async verify(token) {
      if (!TOKEN_SHAPE.test(token)) throw new ActionLinkError('malformed');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(
          token,
          async (header) => {
            const key = ring.find((k) => k.id === header.kid);
            if (!key) throw new ActionLinkError('tampered');
            return key.secret;
          },
          { algorithms: ['HS256'], audience: AUDIENCE },
        ));
      } catch (err) {
        if (err instanceof errors.JWTExpired) throw new ActionLinkError('expired');
        if (err instanceof ActionLinkError) throw err;
        throw new ActionLinkError('tampered');
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new ActionLinkError('tampered');
      const { sub, rid, stp, act, exp } = claims.data;
      return { migrationId: sub, runId: rid, step: stp, action: act, expiresAt: new Date(exp * 1000) };
    },
  };
}

/** What mints owner links for a process: the keys, where the API is reached, the longest life. */
export interface OwnerLinkIssuer {
  links: ActionLinks;
  /** Empty: the API answers with the address it was asked on (status reads only). */
  baseUrl: string;
  ttl: Duration;
}

export function ownerLinkIssuer(
  config: Pick<Config, 'OWNER_LINK_KEYS' | 'PUBLIC_BASE_URL' | 'OWNER_LINK_TTL' | 'API_PORT'>,
  fallbackBaseUrl = `http://localhost:${config.API_PORT}`,
): OwnerLinkIssuer {
  return {
    links: actionLinks(config.OWNER_LINK_KEYS),
    baseUrl: config.PUBLIC_BASE_URL ?? fallbackBaseUrl,
    ttl: config.OWNER_LINK_TTL,
  };
}
