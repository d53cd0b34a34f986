/** Sealing of secrets with SECRET_SEALING_KEYS (never given to the codec server). */
export { SecretSealer } from './sealer';
export { SealedValueError, SealingKeysError } from './errors';
export { sealerFor } from './from-config';
