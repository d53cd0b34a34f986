/**
 * A PIN as the typed client sends it: sealed (secrets/). Tests that drive the workflow directly with
 * `submitPinUpdate` use it, because the workflow accepts sealed PINs only.
 */
import { sealerFor } from '../../secrets';
import { loadConfig, type Config } from '../../temporal.config';

const devConfig = loadConfig({});

/** `config` must carry the worker's SECRET_SEALING_KEYS; the default is the dev key the test stacks use. */
export function sealedPin(pin: string, config: Pick<Config, 'SECRET_SEALING_KEYS'> = devConfig): string {
  return sealerFor(config).seal('pin', pin);
}
