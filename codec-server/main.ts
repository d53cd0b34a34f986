/** `npm run codec-server`: the Web UI's codec endpoint (started by `npm start`). */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createLogger } from '../observability/logger';
import { requestMetrics, serveMetrics } from '../observability/metrics-endpoint';
import { loadConfig } from '../temporal.config';
import { createCodecServer, listen } from './server';

async function main(): Promise<void> {
  // The codec server shows payloads to people; sealed secrets stay sealed there (docs/ops.md).
  const config = loadConfig(undefined, { unused: ['SECRET_SEALING_KEYS', 'OWNER_LINK_KEYS'] });
  const logger = createLogger(config, 'codec-server');
  const server = createCodecServer(config, logger);
  const metrics = config.CODEC_METRICS_PORT ? await serveCodecMetrics(server, config) : undefined;
  const port = await listen(server, config.CODEC_SERVER_PORT, config.CODEC_SERVER_HOST);
  logger.info({ host: config.CODEC_SERVER_HOST, port, metrics: metrics ?? 'off' }, 'codec server listening');
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Requests by path (`/encode`, `/decode`, other) and status, and Node's process metrics. */
async function serveCodecMetrics(
  server: Server,
  config: { METRICS_HOST: string; CODEC_METRICS_PORT: number },
): Promise<string> {
  const { registry, request } = requestMetrics(
    'codec server requests by path and status, with their duration',
    [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
  );
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const path = req.url?.split('?')[0] ?? '';
    const route = path === '/encode' || path === '/decode' ? path : 'other';
    res.once('finish', () =>
      request(
        { method: req.method ?? '', route, status: res.statusCode },
        Number(process.hrtime.bigint() - started) / 1e9,
      ),
    );
  });
  await serveMetrics(registry, config.METRICS_HOST, config.CODEC_METRICS_PORT);
  return `http://${config.METRICS_HOST}:${config.CODEC_METRICS_PORT}/metrics`;
}

main().catch((err: unknown) => {
  process.stderr.write(`codec server failed: ${String(err)}\n`);
  process.exit(1);
});
