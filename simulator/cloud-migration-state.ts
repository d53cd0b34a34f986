/**
 * What the simulated Meta keeps for Cloud-API number migrations (../shared/docs/cloud-migration.md
 * §2): per number its Cloud-API facts (display-name status, storage region, moved / registered),
 * per destination WABA its preconditions (app subscribed, credit line shared), the templates of
 * every WABA, and the Embedded Signup codes and the business tokens they were exchanged for.
 * Time-based changes (a copied template re-categorised, its quality rated after 24 h) are
 * timestamps on Meta's clock, evaluated on read.
 */
import { randomBytes } from 'node:crypto';

export type NameStatus = 'APPROVED' | 'PENDING_REVIEW' | 'DECLINED' | 'NONE';
export type SimTemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
export type SimQuality = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

/** A number on the Cloud API: a cloud source in another BSP's WABA and, once moved, the migrated number. */
export interface CloudNumber {
  /** The WABA the number was scripted in (its templates are there). */
  sourceWabaId: string;
  nameStatus: NameStatus;
  /** Where the source stores data; register on the destination needs the same region (100 until set). */
  dataLocalizationRegion: string | null;
  /** The region set on the current phone-number ID with `POST /{pnid}/settings`. */
  storageRegion: string | null;
  /** Moved by `migrate_phone_number` and not registered since. */
  migrating: boolean;
  registered: boolean;
  /** The WABA and phone-number ID it had before the last move. */
  movedFrom?: { wabaId: string; phoneNumberId: string };
}

export interface SimTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: SimTemplateStatus;
  quality: SimQuality;
  /** Migrating this template fails with this reason ("Incorrect category", ...). */
  failReason?: string;
  /** Its copies change to this status `afterMs` after they were made (re-categorised, ...). */
  laterStatus?: { status: SimTemplateStatus; afterMs: number };
  /** Copies only: the source template, when it was made, the quality rated after 24 h. */
  copiedFrom?: string;
  createdAt: number;
  ratedQuality?: SimQuality;
}

export interface CloudDestination {
  appSubscribed: boolean;
  creditLineShared: boolean;
  /** Meta allows 250 templates per WABA while the portfolio is unverified. */
  templateLimit: number;
}

/** A copy's quality stays UNKNOWN this long, then shows the source's rating. */
export const QUALITY_UNKNOWN_MS = 24 * 3_600_000;

export class CloudWorld {
  destinations = new Map<string, CloudDestination>();
  /** Templates by WABA ID, in creation order (pages of `migrate_message_templates` follow it). */
  templates = new Map<string, SimTemplate[]>();
  signupCodes = new Map<string, { used: boolean }>();
  businessTokens = new Set<string>();

  /** A WABA's migration preconditions, created on first touch: nothing set up yet. */
  destination(wabaId: string): CloudDestination {
    let d = this.destinations.get(wabaId);
    if (!d) this.destinations.set(wabaId, (d = { appSubscribed: false, creditLineShared: false, templateLimit: 250 }));
    return d;
  }

  templatesOf(wabaId: string): SimTemplate[] {
    let list = this.templates.get(wabaId);
    if (!list) this.templates.set(wabaId, (list = []));
    return list;
  }

  newSignupCode(): string {
    const code = `AQ${randomBytes(18).toString('base64url')}`;
    this.signupCodes.set(code, { used: false });
    return code;
  }

  newBusinessToken(): string {
    const token = `EAAsim${randomBytes(24).toString('base64url')}`;
    this.businessTokens.add(token);
    return token;
  }
}

/** A template as Meta shows it at `now`: a copy's later status and rated quality once their time has come. */
export function templateAt(t: SimTemplate, now: number): { status: SimTemplateStatus; quality: SimQuality } {
  if (t.copiedFrom === undefined) return { status: t.status, quality: t.quality };
  const later = t.laterStatus && now >= t.createdAt + t.laterStatus.afterMs ? t.laterStatus.status : t.status;
  const quality = now >= t.createdAt + QUALITY_UNKNOWN_MS ? (t.ratedQuality ?? 'UNKNOWN') : 'UNKNOWN';
  return { status: later, quality };
}
