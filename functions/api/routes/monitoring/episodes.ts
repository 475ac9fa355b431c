/**
 * Monitoring episodes (一人一档): start (tags the household), a person's file (written to the access
 * log), extend, restart on re-exposure, end early or transfer, reassign, and supplies and door tests
 * from the outbox. Every change says who, when and why; a stale version is a 409.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import type { StoredEpisode } from '../../../../shared/data/residents/monitoring/stored';
import type { AppEnv } from '../../context';
import { Episode, EpisodeAction, EpisodeActionInput, EpisodeAssign, EpisodeEnd, EpisodeEvent, EpisodeExtend, EpisodeInput, EpisodeRestart } from '../../../../shared/domain/monitoring/episode';
import { Alert, Reading } from '../../../../shared/domain/monitoring/reading';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent } from '../../schemas';
import { originOf } from '../residents/support';
import { EpisodeParam, episodeOut, RESIDENT_ROLES, scopeAndNow } from './support';

const FollowUpView = z.object({
  closed: z.number(),
  done: z.number(),
  missed: z.array(z.string()),
  missedInRow: z.number(),
  lost: z.boolean(),
  followedAllDays: z.boolean(),
  over: z.boolean(),
  today: z.object({ due: z.number(), closed: z.number(), done: z.number(), missed: z.number() }),
});
const EpisodeFile = z.object({ episode: Episode, followUp: FollowUpView, readings: z.array(Reading), actions: z.array(EpisodeAction), history: z.array(EpisodeEvent), alerts: z.array(Alert) });

const change = (path: string, summary: string, body: z.ZodType) =>
  defineRoute(RESIDENT_ROLES, {
    method: 'post',
    path: `/episodes/{episodeId}/${path}`,
    tags: ['monitoring'],
    summary,
    request: { params: EpisodeParam, body: jsonBody(body) },
    responses: { 200: jsonContent(Episode, 'Changed'), ...errorResponses },
  });

/** The four changes answer alike: the caller's scope and clock in, the changed episode out. */
async function changed(c: Context<AppEnv>, run: (x: Awaited<ReturnType<typeof scopeAndNow>> & { id: string }) => Promise<StoredEpisode>) {
  const x = await scopeAndNow(c);
  return c.json(episodeOut(await run({ ...x, id: c.req.param('episodeId')! })), 200);
}

export const monitoringEpisodes = apiRoutes()
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/episodes',
      tags: ['monitoring'],
      summary: "Start monitoring a person (client ULID: a resend returns the stored one, 200); tags the household with the type's tag",
      request: { body: jsonBody(EpisodeInput) },
      responses: { 201: jsonContent(Episode, 'Started'), 200: jsonContent(Episode, 'Already started (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { m, scope, now, actor } = await scopeAndNow(c);
      const { episode, created } = await m.episodes.start(actor, scope, c.req.valid('json'), now);
      return c.json(episodeOut(episode), created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/episodes/{episodeId}',
      tags: ['monitoring'],
      summary: "A person's monitoring file: the episode, follow-up, readings (the temperature graph), supplies and tests, history, alerts. Written to the access log",
      request: { params: EpisodeParam },
      responses: { 200: jsonContent(EpisodeFile, 'The file'), ...errorResponses },
    }),
    async (c) => {
      const { m, scope, now, actor } = await scopeAndNow(c);
      const file = await m.lists.file(scope, c.req.valid('param').episodeId, now);
      await c.var.data.residents.audit.append(actor, originOf(c), { action: 'open-monitoring', householdId: file.episode.householdId, personId: file.episode.personId }, now);
      return c.json(file, 200);
    },
  )
  .openapi(change('extend', 'Extend the period by some days, with why', EpisodeExtend), (c) => changed(c, (x) => x.m.episodes.extend(x.actor, x.scope, x.id, c.req.valid('json') as z.infer<typeof EpisodeExtend>, x.now)))
  .openapi(change('restart', 'Re-exposure: the period counts again from the day of exposure', EpisodeRestart), (c) => changed(c, (x) => x.m.episodes.restart(x.actor, x.scope, x.id, c.req.valid('json') as z.infer<typeof EpisodeRestart>, x.now)))
  .openapi(change('end', 'End early or transfer (e.g. to hospital), with why; the household tag goes with its last episode', EpisodeEnd), (c) => changed(c, (x) => x.m.episodes.end(x.actor, x.scope, x.id, c.req.valid('json') as z.infer<typeof EpisodeEnd>, x.now)))
  .openapi(change('assign', 'Change the grid members who take the readings', EpisodeAssign), (c) => changed(c, (x) => x.m.episodes.assign(x.actor, x.scope, x.id, c.req.valid('json') as z.infer<typeof EpisodeAssign>, x.now)))
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/episodes/{episodeId}/actions',
      tags: ['monitoring'],
      summary: 'Record a supplies delivery (物资配送) or a door-to-door test (client ULID; a resend is stored once)',
      request: { params: EpisodeParam, body: jsonBody(EpisodeActionInput) },
      responses: { 201: jsonContent(EpisodeAction, 'Stored'), 200: jsonContent(EpisodeAction, 'Already stored (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { m, scope, now, actor } = await scopeAndNow(c);
      const body = c.req.valid('json');
      const { action, created } = await m.readings.recordAction(actor, scope, c.req.valid('param').episodeId, body, now);
      const { resultEnc: _sealed, ...out } = action;
      return c.json({ ...out, result: created ? body.result : undefined }, created ? 201 : 200);
    },
  );
