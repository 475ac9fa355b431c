/**
 * Home monitoring of one tenant (docs/data-model.md "Home monitoring", docs/privacy.md): episodes,
 * readings and episode actions, alerts, the missed-reading sweep, lists and figures. Part of the
 * residents registry: the same tenant context, scope and personal-data key.
 */
import type { ResidentsContext } from '../context';
import type { HouseholdRepository } from '../households';
import type { PersonRepository } from '../persons';
import { alertRepository } from './alerts';
import { episodeRepository } from './episodes';
import { listRepository } from './lists';
import { readingRepository } from './readings';
import { sweepRepository } from './sweep';

export function monitoringRepository(ctx: ResidentsContext, households: HouseholdRepository, persons: PersonRepository) {
  const episodes = episodeRepository(ctx, households, persons);
  const alerts = alertRepository(ctx);
  const sweep = sweepRepository(ctx, episodes, alerts);
  return {
    episodes,
    alerts,
    readings: readingRepository(ctx, episodes, alerts),
    sweep,
    lists: listRepository(ctx, episodes, alerts, sweep.runningFrom),
  };
}
export type MonitoringRepository = ReturnType<typeof monitoringRepository>;
