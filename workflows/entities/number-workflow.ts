/** One workflow per phone number (both Brazilian spellings are one): leases and the register ledger. */
import type { EntityInput } from '../../contracts/entities';
import { runEntity } from './entity';

export async function numberEntityWorkflow(input: EntityInput): Promise<never> {
  return runEntity({ ...input, kind: 'number' }, numberEntityWorkflow);
}
