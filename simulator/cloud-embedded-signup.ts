/**
 * What a finished Embedded Signup popup does at Meta (../shared/docs/cloud-migration.md §3, §5), for
 * the tests and the demo to play the owner: `POST /_sim/cloud/embedded-signup {e164, wabaId}`.
 * Classic model: Meta refuses while two-step verification is on, for another business portfolio or
 * an unapproved name; otherwise the number moves into the WABA with a new phone-number ID, verified
 * by the code typed in the popup, not registered, its approved templates duplicated. New account
 * model: the number joins the WABA as it is (registered, same PIN, a WhatsApp account ID). Either
 * way the answer is what the client's page would report: the FINISH event's IDs and a one-time code.
 */
import { CLOUD_TEXT } from './catalog-cloud';
import { migrateTemplates } from './cloud-templates';
import { Counters } from './counters';
import { attachPartnerChannel } from './meta-code-flow';
import type { SimState } from './state';

export interface EmbeddedSignupRequest {
  e164: string;
  wabaId: string;
  /** `new`: the portfolio is on Meta's new account model (onboarding, not migration). */
  accountModel: 'classic' | 'new';
}

export type EmbeddedSignupAnswer =
  | {
      status: 201;
      body: { code: string; wabaId: string; phoneNumberId: string; businessId: string; waacId?: string };
    }
  | { status: 404 | 409; body: { error: string } };

const PAGE = 500;

export function completeEmbeddedSignup(state: SimState, req: EmbeddedSignupRequest): EmbeddedSignupAnswer {
  const n = state.findNumber(req.e164);
  if (!n?.cloud)
    return { status: 404, body: { error: `${req.e164} is not a Cloud-API number (PUT /_sim/cloud/numbers first)` } };
  const destination = state.waba(req.wabaId);
  const businessId = destination.ownerBusinessId;
  if (state.waba(n.wabaId).ownerBusinessId !== businessId)
    return { status: 409, body: { error: `Meta's popup refuses: ${CLOUD_TEXT.business}` } };
  if (req.accountModel === 'new') {
    state.attach(n, req.wabaId);
    n.cloud.movedFrom = undefined;
    attachPartnerChannel(state, n);
    const code = state.cloud.newSignupCode();
    return {
      status: 201,
      body: { code, wabaId: req.wabaId, phoneNumberId: n.phoneNumberId, businessId, waacId: state.nextGraphId() },
    };
  }
  if (n.twoFaEnabled) return { status: 409, body: { error: `Meta's popup refuses: ${CLOUD_TEXT.twoFa}` } };
  if (n.cloud.nameStatus !== 'APPROVED')
    return { status: 409, body: { error: `Meta's popup refuses: ${CLOUD_TEXT.name}` } };
  if (n.wabaId !== req.wabaId) {
    const sourceWabaId = n.wabaId;
    n.cloud.movedFrom = { wabaId: n.wabaId, phoneNumberId: n.phoneNumberId };
    n.phoneNumberId = state.nextGraphId();
    state.attach(n, req.wabaId);
    Object.assign(n.cloud, { migrating: true, registered: false, storageRegion: null });
    // The code was typed in Meta's UI: the number is verified in the destination.
    Object.assign(n, { verified: true, codes: [], wrongAttempts: 0, twoFaPin: undefined });
    Counters.inc(state.counters.numbersMigratedByNumber, n.e164);
    duplicateTemplates(state, sourceWabaId, req.wabaId);
  }
  const code = state.cloud.newSignupCode();
  return { status: 201, body: { code, wabaId: req.wabaId, phoneNumberId: n.phoneNumberId, businessId } };
}

/** Meta duplicates the eligible templates itself during the signup (the ones it cannot are left). */
function duplicateTemplates(state: SimState, sourceWabaId: string, wabaId: string): void {
  const count = state.cloud.templatesOf(sourceWabaId).length;
  for (let page = 0; page * PAGE < count; page++)
    migrateTemplates(state, wabaId, { source_waba_id: sourceWabaId, page_number: page, count: PAGE });
}
