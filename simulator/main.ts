/**
 * `npm run simulator`: the simulator of 360dialog, Meta Graph, the support desk, websites and a
 * callback receiver on 127.0.0.1:SIMULATOR_PORT, accepting the configured credentials.
 * Stops gracefully on SIGINT/SIGTERM.
 */
import { createLogger } from '../observability/logger';
import { loadConfig } from '../temporal.config';
import { startSimulator } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'simulator');
  const sim = await startSimulator({
    port: config.SIMULATOR_PORT,
    logger,
    credentials: {
      d360PartnerId: config.D360_PARTNER_ID,
      d360ApiKey: config.D360_PARTNER_API_KEY,
      metaAccessToken: config.META_ACCESS_TOKEN,
      supportDeskToken: config.SUPPORT_DESK_TOKEN,
      callbackSigningSecret: config.CALLBACK_SIGNING_SECRET,
    },
  });
  logger.info({ url: sim.url, partnerId: config.D360_PARTNER_ID }, 'simulator listening');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'simulator stopping');
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'simulator failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
