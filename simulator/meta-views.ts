/**
 * How the simulated Graph API renders its nodes: only the requested `fields` (plus `id`), the
 * way Graph does, with nested `phone_numbers{…}` expansion on a WABA. Unknown IDs resolve by the
 * fields asked for (a WABA or a business is created on first touch, like an unscripted number).
 */
import { normalisePhoneNumber } from '../contracts/phone-number';
import type { NumberState, SimState, WabaState } from './state';

const DEFAULT_PHONE_FIELDS = ['id', 'display_phone_number', 'verified_name', 'quality_rating'];
const DEFAULT_WABA_FIELDS = ['id', 'name'];
const WABA_FIELDS = [
  'account_review_status',
  'owner_business_info',
  'business_verification_status',
  'phone_numbers',
  'ownership_type',
];

/** Top-level names of a Graph `fields` list, ignoring nested `{…}` selections. */
export function topLevelFields(fields: string | undefined): string[] | undefined {
  if (!fields) return undefined;
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of fields) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      names.push(current.trim());
      current = '';
    } else if (depth === 0) current += ch;
  }
  if (current.trim()) names.push(current.trim());
  return names.map((n) => n.replace(/\..*$/, '')).filter(Boolean);
}

function select(
  full: Record<string, unknown>,
  fields: string | undefined,
  defaults: string[],
): Record<string, unknown> {
  const wanted = new Set(['id', ...(topLevelFields(fields) ?? defaults)]);
  return Object.fromEntries(Object.entries(full).filter(([k]) => wanted.has(k)));
}

/** "+55 31 8765-4321"-like display form of the live profile number. */
function display(e164: string): string {
  try {
    const { cc, national } = normalisePhoneNumber(e164);
    return `+${cc} ${national}`;
  } catch {
    return e164;
  }
}

/** CONNECTED once registered (a Cloud-API number, or a ported one whose 360dialog setup finished). */
export function numberStatus(state: SimState, n: NumberState): 'CONNECTED' | 'PENDING' | 'DISCONNECTED' {
  if (n.cloud) return n.cloud.registered ? 'CONNECTED' : n.cloud.migrating ? 'PENDING' : 'DISCONNECTED';
  const ch = n.channelId ? state.channels.get(n.channelId) : undefined;
  const running = ch !== undefined && ['running', 'live'].includes(state.channelStatus(ch));
  return running || n.twoFaPin !== undefined ? 'CONNECTED' : 'PENDING';
}

export function phoneView(state: SimState, n: NumberState, fields: string | undefined): Record<string, unknown> {
  const waba = state.waba(n.wabaId);
  const latest = n.codes.at(-1);
  const expired = !n.verified && latest !== undefined && state.clock.now() > latest.expiresAt;
  return select(
    {
      id: n.phoneNumberId,
      display_phone_number: display(n.scenario.liveProfileNumber ?? n.e164),
      verified_name: `Business ${n.e164.slice(-4)}`,
      code_verification_status: n.verified ? 'VERIFIED' : expired ? 'EXPIRED' : 'NOT_VERIFIED',
      quality_rating: 'GREEN',
      platform_type: n.scenario.onCloudApi ? 'CLOUD_API' : 'ON_PREMISE',
      throughput: { level: 'STANDARD' },
      account_mode: waba.sandbox ? 'SANDBOX' : 'LIVE',
      name_status: n.cloud?.nameStatus ?? 'APPROVED',
      status: numberStatus(state, n),
      // Not a documented Graph field: the simulator's stand-in for the 2FA state (see integrations/meta-graph.ts).
      two_step_verification_enabled: n.twoFaEnabled,
    },
    fields,
    DEFAULT_PHONE_FIELDS,
  );
}

/** Numbers of a WABA; `waba-<digits>` implicitly holds the unscripted number `+<digits>`. */
export function wabaNumbers(state: SimState, wabaId: string): NumberState[] {
  const waba = state.waba(wabaId);
  const implicit = /^waba-(\d{8,15})$/.exec(wabaId);
  if (implicit && waba.numbers.length === 0 && !state.findNumber(`+${implicit[1]}`)) state.number(`+${implicit[1]}`);
  return waba.numbers.map((e164) => state.findNumber(e164)).filter((n): n is NumberState => n !== undefined);
}

export function wabaView(state: SimState, waba: WabaState, fields: string | undefined): Record<string, unknown> {
  const numbers = wabaNumbers(state, waba.id);
  return select(
    {
      id: waba.id,
      name: `WABA ${waba.id}`,
      account_review_status: waba.reviewStatus,
      owner_business_info: { id: waba.ownerBusinessId, name: `Business ${waba.ownerBusinessId}` },
      business_verification_status: state.businessStatus(waba.ownerBusinessId),
      ownership_type: waba.ownership === 'owned' ? 'CLIENT_OWNED' : 'ON_BEHALF_OF',
      phone_numbers: {
        data: numbers.map((n) => ({
          id: n.phoneNumberId,
          display_phone_number: display(n.scenario.liveProfileNumber ?? n.e164),
          account_mode: waba.sandbox ? 'SANDBOX' : 'LIVE',
        })),
      },
    },
    fields,
    DEFAULT_WABA_FIELDS,
  );
}

export function businessView(state: SimState, id: string, fields: string | undefined): Record<string, unknown> {
  return select({ id, name: `Business ${id}`, verification_status: state.businessStatus(id) }, fields, ['id', 'name']);
}

export type Node =
  | { kind: 'phone'; number: NumberState }
  | { kind: 'waba'; waba: WabaState }
  | { kind: 'business'; id: string }
  | { kind: 'unknown' };

export function resolveNode(state: SimState, id: string, fields: string | undefined): Node {
  for (const n of state.numbers.values()) if (n.phoneNumberId === id) return { kind: 'phone', number: n };
  const known = state.wabas.get(id);
  if (known) return { kind: 'waba', waba: known };
  const asked = topLevelFields(fields) ?? [];
  if (state.businesses.has(id) || asked.includes('verification_status')) return { kind: 'business', id };
  if (id.startsWith('waba') || asked.some((f) => WABA_FIELDS.includes(f)))
    return { kind: 'waba', waba: state.waba(id) };
  return { kind: 'unknown' };
}
