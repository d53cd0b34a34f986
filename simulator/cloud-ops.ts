/**
 * What the Cloud-API control endpoints do to the world: script a number as a cloud source, set up a
 * destination WABA, and the views they answer with (never a PIN or a code).
 */
import type { SimTemplate } from './cloud-migration-state';
import type { CloudSourcePatch, CloudWabaPatch, TemplateSeed } from './cloud-scenarios';
import { templateView } from './cloud-templates';
import { REGISTER_WINDOW_MS } from './meta-code-flow';
import { numberStatus } from './meta-views';
import { DEFAULT_BUSINESS_ID } from './scenarios';
import type { NumberState, SimState } from './state';

function template(state: SimState, seed: TemplateSeed): SimTemplate {
  return { ...seed, id: state.nextGraphId(), createdAt: state.clock.now() };
}

/** Makes `e164` a Cloud-API number registered in another BSP's WABA, or changes its script. */
export function applyCloudSource(state: SimState, e164: string, patch: CloudSourcePatch): NumberState {
  const n = state.number(e164);
  if (!n.cloud) {
    const sourceWabaId = patch.sourceWabaId ?? `cloud-src-${e164.replace(/\D/g, '')}`;
    n.cloud = {
      sourceWabaId,
      nameStatus: 'APPROVED',
      dataLocalizationRegion: null,
      storageRegion: null,
      migrating: false,
      registered: true,
    };
    n.scenario = { ...n.scenario, onCloudApi: true, wabaId: sourceWabaId };
    n.twoFaEnabled = false;
    state.attach(n, sourceWabaId);
    state.waba(sourceWabaId).ownerBusinessId = patch.businessId ?? DEFAULT_BUSINESS_ID;
  } else if (patch.sourceWabaId !== undefined && !n.cloud.movedFrom) {
    n.cloud.sourceWabaId = patch.sourceWabaId;
    n.scenario = { ...n.scenario, wabaId: patch.sourceWabaId };
    state.attach(n, patch.sourceWabaId);
  }
  const cloud = n.cloud;
  if (patch.businessId !== undefined) state.waba(cloud.sourceWabaId).ownerBusinessId = patch.businessId;
  if (patch.twoFactorEnabled !== undefined) n.twoFaEnabled = patch.twoFactorEnabled;
  if (patch.nameStatus !== undefined) cloud.nameStatus = patch.nameStatus;
  if (patch.dataLocalizationRegion !== undefined) cloud.dataLocalizationRegion = patch.dataLocalizationRegion;
  if (patch.templates !== undefined)
    state.cloud.templates.set(
      cloud.sourceWabaId,
      patch.templates.map((t) => template(state, t)),
    );
  return n;
}

/** Sets up a WABA as a migration destination (created on first touch: nothing subscribed or shared). */
export function applyCloudWaba(state: SimState, wabaId: string, patch: CloudWabaPatch) {
  const waba = state.waba(wabaId, patch.businessId ?? DEFAULT_BUSINESS_ID);
  const setup = state.cloud.destination(wabaId);
  if (patch.businessId !== undefined) waba.ownerBusinessId = patch.businessId;
  if (patch.approved !== undefined) waba.reviewStatus = patch.approved ? 'APPROVED' : 'PENDING';
  if (patch.appSubscribed !== undefined) setup.appSubscribed = patch.appSubscribed;
  if (patch.creditLineShared !== undefined) setup.creditLineShared = patch.creditLineShared;
  if (patch.templateLimit !== undefined) setup.templateLimit = patch.templateLimit;
  return cloudWabaView(state, wabaId);
}

export function cloudNumberView(state: SimState, n: NumberState) {
  const now = state.clock.now();
  const cloud = n.cloud;
  return {
    e164: n.e164,
    phoneNumberId: n.phoneNumberId,
    wabaId: n.wabaId,
    sourceWabaId: cloud?.sourceWabaId ?? null,
    businessId: state.waba(n.wabaId).ownerBusinessId,
    status: numberStatus(state, n),
    twoFactorEnabled: n.twoFaEnabled,
    nameStatus: cloud?.nameStatus ?? null,
    dataLocalizationRegion: cloud?.dataLocalizationRegion ?? null,
    storageRegion: cloud?.storageRegion ?? null,
    verified: n.verified,
    movedFrom: cloud?.movedFrom ?? null,
    registerCallsIn72h: (n.registrations ?? []).filter((at) => now - at < REGISTER_WINDOW_MS).length,
    templates: cloud ? state.cloud.templatesOf(cloud.sourceWabaId).map((t) => templateView(t, now)) : [],
  };
}

export function cloudWabaView(state: SimState, wabaId: string) {
  const waba = state.waba(wabaId);
  const setup = state.cloud.destination(wabaId);
  const now = state.clock.now();
  return {
    wabaId,
    businessId: waba.ownerBusinessId,
    approved: waba.reviewStatus === 'APPROVED',
    ...setup,
    numbers: waba.numbers.flatMap((e164) => {
      const n = state.findNumber(e164);
      return n ? [{ e164, phoneNumberId: n.phoneNumberId, status: numberStatus(state, n) }] : [];
    }),
    templates: state.cloud
      .templatesOf(wabaId)
      .map((t) => ({ ...templateView(t, now), copiedFrom: t.copiedFrom ?? null })),
  };
}
