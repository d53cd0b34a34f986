/** `npm run codec-server`: the Web UI's codec endpoint (started by `npm start`). */
import { createLogger } from '../observability/logger';
import { loadConfig } from '../temporal.config';
import { createCodecServer, listen } from './server';

async function main(): Promise<void> {
  // The codec server shows payloads to people; sealed secrets stay sealed there (docs/ops.md).
  const config = loadConfig(undefined, { unused: ['SECRET_SEALING_KEYS', 'OWNER_LINK_KEYS'] });
  const logger = createLogger(config, 'codec-server');
  const server = createCodecServer(config, logger);
  const port = await listen(server, config.CODEC_SERVER_PORT, config.CODEC_SERVER_HOST);
  logger.info({ host: config.CODEC_SERVER_HOST, port }, 'codec server listening');
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`codec server failed: ${String(err)}\n`);
  process.exit(1);
});
