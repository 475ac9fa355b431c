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
import { lifecycleRepository } from './lifecycle';
import { listRepository } from './lists';
import { readingRepository } from './readings';
import { sweepRepository } from './sweep';

export function monitoringRepository(ctx: ResidentsContext, households: HouseholdRepository, persons: PersonRepository) {
  const episodes = episodeRepository(ctx, households, persons);
  const alerts = alertRepository(ctx);
  const lifecycle = lifecycleRepository(ctx, episodes, alerts);
  const sweep = sweepRepository(ctx, episodes, alerts, lifecycle);
  return {
    episodes,
    alerts,
    readings: readingRepository(ctx, episodes, alerts),
    sweep,
    /** The registry's end of a person (moved out, died) and retention, for their episodes. */
    lifecycle,
    lists: listRepository(ctx, episodes, alerts),
  };
}
export type MonitoringRepository = ReturnType<typeof monitoringRepository>;
