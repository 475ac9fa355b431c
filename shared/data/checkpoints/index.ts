/**
 * Checkpoints (卡口) of one tenant (docs/data-model.md "Checkpoints"): checkpoints, vehicle entries
 * triaged by travel-code colour, day counters per checkpoint and shift, held-vehicle alerts. Built on
 * the residents context: the same tenant, grids, time zone and scope.
 */
import type { ResidentsContext } from '../residents/context';
import { checkpointSiteRepository } from './checkpoints';
import { checkpointCountRepository } from './counts';
import { entryRepository } from './entries';

export function checkpointRepository(ctx: ResidentsContext) {
  const sites = checkpointSiteRepository(ctx);
  return { ...sites, entries: entryRepository(ctx, sites.get), counts: checkpointCountRepository(ctx, sites.inSubtrees) };
}
export type CheckpointRepository = ReturnType<typeof checkpointRepository>;
