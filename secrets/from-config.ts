/** One sealer per config object, so callers holding only the config do not parse keys per call. */
import type { Config } from '../temporal.config';
import { SecretSealer } from './sealer';

const sealers = new WeakMap<object, SecretSealer>();

export function sealerFor(config: Pick<Config, 'SECRET_SEALING_KEYS'>): SecretSealer {
  let sealer = sealers.get(config);
  if (!sealer) {
    sealer = SecretSealer.fromSetting(config.SECRET_SEALING_KEYS);
    sealers.set(config, sealer);
  }
  return sealer;
}
