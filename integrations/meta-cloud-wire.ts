/**
 * The wire shapes of Meta's Cloud-API migration endpoints (zod), and their mapping to the port's
 * types. Values Meta may add later are caught, never a parse failure: an unknown number status
 * is `UNKNOWN`, an unknown template status counts as not usable.
 */
import { z } from 'zod';
import type { MetaCloudNumberStatus, MetaTemplate, TemplateStatus } from './ports';

export const Success = z.object({ success: z.literal(true) });

/** `whatsapp_credit_sharing_and_attach`: the allocation that now pays for the WABA. */
export const CreditSharing = z.object({ allocation_config_id: z.string(), waba_id: z.string() });

export const CreatedNode = z.object({ id: z.string() });

export const TemplateMigrationWire = z.object({
  migrated_templates: z.array(z.coerce.string()).default([]),
  failed_templates: z.record(z.string(), z.string()).default({}),
});

const Paging = z
  .object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() })
  .optional();

export const NumberList = z.object({
  data: z.array(z.object({ id: z.string(), display_phone_number: z.string() })),
  paging: Paging,
});

const TemplateWire = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  category: z.string(),
  status: z.string(),
  // Graph answers an object ({score, date}); older versions a bare string.
  quality_score: z.union([z.object({ score: z.string() }), z.string()]).optional(),
});

export const TemplateList = z.object({ data: z.array(TemplateWire), paging: Paging });

export const NumberStatusWire = z.object({
  id: z.string(),
  status: z
    .enum(['CONNECTED', 'PENDING', 'DISCONNECTED', 'MIGRATED', 'UNVERIFIED', 'OFFLINE', 'UNKNOWN'])
    .catch('UNKNOWN'),
  name_status: z.enum(['APPROVED', 'PENDING_REVIEW', 'DECLINED', 'NONE', 'UNKNOWN']).catch('UNKNOWN'),
  code_verification_status: z.enum(['NOT_VERIFIED', 'VERIFIED', 'EXPIRED']).catch('NOT_VERIFIED'),
  platform_type: z.enum(['CLOUD_API', 'ON_PREMISE', 'NOT_APPLICABLE']).catch('NOT_APPLICABLE'),
});

export const AccessTokenWire = z.object({ access_token: z.string().min(1), token_type: z.string().optional() });

const STATUSES: readonly string[] = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED'];
const QUALITIES: readonly string[] = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'];

function templateStatus(s: string): TemplateStatus {
  if (STATUSES.includes(s)) return s as TemplateStatus;
  // IN_APPEAL is still under review; DELETED, PENDING_DELETION, LIMIT_EXCEEDED, ... cannot be sent.
  return s === 'IN_APPEAL' ? 'PENDING' : 'DISABLED';
}

export function toTemplate(t: z.infer<typeof TemplateWire>): MetaTemplate {
  const raw = typeof t.quality_score === 'string' ? t.quality_score : t.quality_score?.score;
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    category: t.category,
    status: templateStatus(t.status),
    qualityScore: raw && QUALITIES.includes(raw) ? (raw as MetaTemplate['qualityScore']) : 'UNKNOWN',
  };
}

export function toNumberStatus(n: z.infer<typeof NumberStatusWire>): MetaCloudNumberStatus {
  return {
    id: n.id,
    status: n.status,
    nameStatus: n.name_status,
    codeVerificationStatus: n.code_verification_status,
    platformType: n.platform_type,
  };
}
