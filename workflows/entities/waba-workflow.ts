/** One workflow per WABA: shared leases for its numbers' migrations, an exclusive one for a partner change. */
import type { EntityInput } from '../../contracts/entities';
import { runEntity } from './entity';

export async function wabaEntityWorkflow(input: EntityInput): Promise<never> {
  return runEntity({ ...input, kind: 'waba' }, wabaEntityWorkflow);
}
