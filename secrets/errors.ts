/** Errors of sealing. Their messages never hold a secret or a sealed value: they reach logs. */
import type { SealedPurpose } from '../contracts/sealed';

/** SECRET_SEALING_KEYS is malformed. */
export class SealingKeysError extends Error {
  override name = 'SealingKeysError' as const;
  constructor(detail: string) {
    super(`SECRET_SEALING_KEYS: ${detail}`);
  }
}

/** A value cannot be sealed or unsealed for a purpose (wrong shape or purpose, unknown key, altered). */
export class SealedValueError extends Error {
  override name = 'SealedValueError' as const;
  constructor(
    readonly purpose: SealedPurpose,
    detail: string,
  ) {
    super(`sealed ${purpose}: ${detail}`);
  }
}
