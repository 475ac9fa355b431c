/** The problem ledger's filter: the query of the ledger (problems.ts) and of its exports (problem-exports.ts). */
import * as z from 'zod';
import { GridId } from '../../../../shared/domain/grid';
import { VenueKindCode } from '../../../../shared/domain/venues/venue-kind';

export const LedgerFilter = z.object({
  /** open: not closed (overdue included); overdue: not closed and past the deadline; closed: 销号. */
  status: z.enum(['open', 'overdue', 'closed']).default('open'),
  grid: GridId.optional(),
  kind: VenueKindCode.optional(),
});
