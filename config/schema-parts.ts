/** How one environment string is read: the value types shared by the settings of temporal.config.ts. */
import { z } from 'zod';

export const port = z.coerce.number().int().min(1).max(65535);
/** A port where 0 switches the endpoint off. */
export const optionalPort = z.coerce.number().int().min(0).max(65535);
export const url = z.url({ protocol: /^https?$/ });
export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
export const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
/** `id:base64(32 bytes)` items, comma-separated: the payload-codec and the sealing keys. */
export const keyList = z
  .string()
  .refine(
    (v) =>
      v
        .split(',')
        .every((k) => /^[\w.-]+:/.test(k.trim()) && Buffer.from(k.trim().split(':')[1] ?? '', 'base64').length === 32),
    'expected id:base64 pairs of 32-byte keys, comma-separated',
  );
