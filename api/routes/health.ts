/** Liveness (the process answers) and readiness (Temporal reachable, namespace known). */
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HttpProblem } from '../problem';
import { problemSchema } from '../schemas';
import type { ZodInputTypeProvider } from '../validation';

const READY_TIMEOUT_MS = 2_000;

export const healthRoutes: FastifyPluginAsync<{ client: Client }> = async (app, { client }) => {
  const r = app.withTypeProvider<ZodInputTypeProvider>();
  r.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: Temporal reachable and the namespace exists',
        security: [],
        response: { 200: z.object({ status: z.literal('ready'), namespace: z.string() }), 503: problemSchema },
      },
    },
    async () => {
      const namespace = client.options.namespace;
      try {
        await client.withDeadline(Date.now() + READY_TIMEOUT_MS, () =>
          client.workflowService.describeNamespace({ namespace }),
        );
      } catch (err) {
        throw new HttpProblem(503, 'service-unavailable', `Temporal is not reachable: ${(err as Error).message}`, {
          headers: { 'retry-after': '5' },
        });
      }
      return { status: 'ready' as const, namespace };
    },
  );
};
