/**
 * Template migration as Meta does it (../shared/docs/cloud-migration.md §2 #5): copies, never moves;
 * same Meta business only; only APPROVED templates of quality GREEN or UNKNOWN; a page is up to
 * `count` (≤ 500) templates of the source in creation order, or the listed `template_ids`. A copy
 * starts with quality UNKNOWN (the source's rating shows after 24 h) and may change status later
 * (`laterStatus`). A template already copied into the WABA is answered with its copy: a repeated
 * page makes no duplicates.
 */
import { graphError, type SimResponse } from './catalog';
import { CLOUD_TEXT } from './catalog-cloud';
import { templateAt, type SimTemplate } from './cloud-migration-state';
import { Counters } from './counters';
import type { SimState } from './state';

export interface MigrateTemplatesBody {
  source_waba_id: string;
  page_number: number;
  count: number;
  template_ids?: string[];
}

function ineligible(t: SimTemplate): string | undefined {
  if (t.failReason) return t.failReason;
  if (t.status !== 'APPROVED') return `Template status is ${t.status}: only APPROVED templates can be migrated`;
  if (t.quality !== 'GREEN' && t.quality !== 'UNKNOWN')
    return `Template quality score is ${t.quality}: only GREEN or UNKNOWN quality templates can be migrated`;
  return undefined;
}

export function migrateTemplates(state: SimState, wabaId: string, body: MigrateTemplatesBody): SimResponse {
  const source = state.wabas.get(body.source_waba_id);
  if (!source)
    return graphError(400, 100, '(#100) Invalid parameter', {
      details: `Unknown source_waba_id ${body.source_waba_id}`,
    });
  if (source.ownerBusinessId !== state.waba(wabaId).ownerBusinessId)
    return graphError(400, 100, 'Template migration error', {
      subcode: 2388103,
      details: CLOUD_TEXT.templatesBusiness,
      userMsg: CLOUD_TEXT.templatesBusiness,
    });
  const all = state.cloud.templatesOf(source.id);
  const ids = body.template_ids;
  const batch = ids
    ? all.filter((t) => ids.includes(t.id))
    : all.slice(body.page_number * body.count, (body.page_number + 1) * body.count);
  const copies = state.cloud.templatesOf(wabaId);
  const limit = state.cloud.destination(wabaId).templateLimit;
  const migrated: string[] = [];
  const failed: Record<string, string> = {};
  for (const id of ids ?? [])
    if (!all.some((t) => t.id === id)) failed[id] = 'Template not found in the source account';
  for (const t of batch) {
    const copy = copies.find((c) => c.copiedFrom === t.id);
    const why = copy ? undefined : (ineligible(t) ?? (copies.length >= limit ? 'Template limit reached' : undefined));
    if (why) {
      failed[t.id] = why;
      continue;
    }
    if (copy) {
      migrated.push(copy.id);
      continue;
    }
    const created: SimTemplate = {
      ...t,
      id: state.nextGraphId(),
      quality: 'UNKNOWN',
      ratedQuality: t.quality,
      copiedFrom: t.id,
      createdAt: state.clock.now(),
    };
    delete created.failReason;
    copies.push(created);
    migrated.push(created.id);
    Counters.inc(state.counters.templatesMigratedByWaba, wabaId);
  }
  return { status: 200, body: { migrated_templates: migrated, failed_templates: failed } };
}

/** A template as `GET /{waba}/message_templates` shows it, at Meta's `now`. */
export function templateView(t: SimTemplate, now: number): Record<string, unknown> {
  const { status, quality } = templateAt(t, now);
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    category: t.category,
    status,
    quality_score: { score: quality, date: Math.floor(now / 1000) },
  };
}
