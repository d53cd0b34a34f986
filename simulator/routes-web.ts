/**
 * The rest of the world: business websites (`GET /sites/{name}`, 200 unless scripted down, slow or
 * redirecting) and a requester callback receiver (`POST /callbacks/{name}`) that checks the HMAC
 * signature with CALLBACK_SIGNING_SECRET and records every event with its validity.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { verifySignature } from '../integrations/callbacks';
import type { SimContext } from './context';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function registerSites(scope: FastifyInstance, ctx: SimContext): void {
  const handler = async (name: string, reply: FastifyReply) => {
    const site = ctx.state.sites.get(name) ?? { status: 200, hang: false };
    if (site.hang) {
      await new Promise<void>((resolve) => reply.raw.once('close', () => resolve()));
      return reply;
    }
    if (site.status >= 300 && site.status < 400) reply.header('location', `/sites/${name}/home`);
    return reply
      .code(site.status)
      .type('text/html')
      .send(
        `<!doctype html><title>${name}</title><h1>${site.status < 400 ? `Welcome to ${name}` : `Error ${site.status}`}</h1>`,
      );
  };
  scope.get<{ Params: { name: string } }>('/:name', { config: { op: 'sites.get' } }, (req, reply) =>
    handler(req.params.name, reply),
  );
  scope.get<{ Params: { name: string } }>('/:name/*', { config: { op: 'sites.get' } }, (req, reply) =>
    handler(req.params.name, reply),
  );
}

export function registerCallbackReceiver(scope: FastifyInstance, ctx: SimContext): void {
  scope.post<{ Params: { name: string } }>('/:name', (req, reply) => {
    const { state, credentials } = ctx;
    const timestamp = header(req.headers['x-signature-timestamp']);
    const signatureValid = verifySignature({
      secret: credentials.callbackSigningSecret,
      body: req.rawBody ?? '',
      timestamp,
      signature: header(req.headers['x-signature']),
    });
    const list = state.callbacks.get(req.params.name) ?? [];
    list.push({
      eventId: header(req.headers['x-event-id']),
      timestamp,
      signatureValid,
      body: req.body,
      receivedAt: new Date().toISOString(),
    });
    state.callbacks.set(req.params.name, list);
    const status = state.callbackStatus.get(req.params.name) ?? 200;
    return reply.code(status).send(status < 300 ? { received: true } : { error: `receiver answers ${status}` });
  });
}
