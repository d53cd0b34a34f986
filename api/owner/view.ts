/** What the owner page shows of a migration: the facts of its step, read from the workflow. */
import type { MigrationKind } from '../../contracts/migration';
import type { OwnerAction } from '../../contracts/owner-actions';
import type { PartnerChangeNumber } from '../../contracts/partner-change';
import type { SignupLaunch } from './embedded-signup';

export interface OwnerView {
  kind: MigrationKind;
  phoneNumber?: string;
  wabaId?: string;
  action: OwnerAction;
  waitingSince?: string;
  deadlineAt?: string;
  /** Partner change: the numbers under review, or to pick for the new partner. */
  numbers?: PartnerChangeNumber[];
  /** Embedded Signup launch (absent: the requester's own page runs it). */
  signup?: SignupLaunch;
  /** Where clients complete company information and payment methods. */
  hubUrl?: string;
  /** How often the page's script refreshes "Where it stands" (default 15 s). */
  refreshMs?: number;
}
