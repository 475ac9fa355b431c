/** What the monitoring routes share: path parameters, the views they answer with, and the caller's scope. */
import type { Context } from 'hono';
import * as z from 'zod';
import { episodeView, type StoredEpisode } from '../../../../shared/data/residents/monitoring/stored';
import { Alert } from '../../../../shared/domain/monitoring/reading';
import { EpisodeId } from '../../../../shared/domain/monitoring/episode';
import type { AppEnv } from '../../context';

export { RESIDENT_ROLES } from '../residents/support';
/** Alerts are for the supervisor chain (and the tenant admin). */
export const ALERT_ROLES = ['tenant-admin', 'supervisor'] as const;
export const EpisodeParam = z.object({ episodeId: EpisodeId });
export const AlertParam = z.object({ alertId: z.string().regex(/^(fever|missed)-[0-9A-Za-z-]{26,80}$/, 'an alert id') });
export const AlertList = z.object({ items: z.array(Alert) });

export async function scopeAndNow(c: Context<AppEnv>) {
  const { data, actor } = c.var;
  return { m: data.residents.monitoring, scope: await data.residents.scopeOf(actor), now: c.var.deps.clock.now(), actor };
}

export const episodeOut = (e: StoredEpisode) => episodeView(e);
