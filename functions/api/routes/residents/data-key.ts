/**
 * The tenant's personal-data key (tenant admins): its versions, a rotation (a new version, active once
 * every process's key cache has expired), and the re-seal job that moves every person's sealed values
 * (every area: people, monitoring, testing, pushed lists, self-registration, check-ins, import chunks) to the newest version (resumable; sending it again goes on from where it stopped). No key material
 * ever leaves the server. docs/privacy.md "Where keys live".
 */
import * as z from 'zod';
import { RESEAL_AREAS } from '../../../../shared/data/residents/reseal';
import { because, conflict } from '../../../../shared/errors';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonContent } from '../../schemas';
import type { Context } from 'hono';
import type { AppEnv } from '../../context';

const Version = z.object({ version: z.number(), createdAt: z.string(), activeFrom: z.string() });
const Tally = z.object({ checked: z.number(), resealed: z.number(), deleted: z.number(), missed: z.number() });
const Reseal = Tally.extend({ version: z.number(), status: z.enum(['running', 'done']), areas: z.partialRecord(z.enum(RESEAL_AREAS), Tally), startedAt: z.string(), updatedAt: z.string() });
const DataKeyView = z.object({ provider: z.string(), versions: z.array(Version), newest: z.number().optional(), reseal: Reseal.optional() });

async function view(c: Context<AppEnv>) {
  const { deps, actor, data } = c.var;
  const [versions, state] = await Promise.all([deps.personalData.versions(actor.tenantId), data.residents.reseal.state()]);
  const reseal = state && { version: state.version, status: state.status, checked: state.checked, resealed: state.resealed, deleted: state.deleted ?? 0, missed: state.missed ?? 0, areas: state.areas ?? {}, startedAt: state.startedAt, updatedAt: state.updatedAt };
  return { provider: deps.personalData.provider, versions, newest: versions.at(-1)?.version, reseal };
}

export const residentDataKey = apiRoutes()
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'get',
      path: '/data-key',
      tags: ['residents'],
      summary: "The tenant's personal-data key versions and the re-seal's progress (no key material)",
      responses: { 200: jsonContent(DataKeyView, 'The key versions'), ...errorResponses },
    }),
    async (c) => c.json(await view(c), 200),
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'post',
      path: '/data-key/rotate',
      tags: ['residents'],
      summary: 'A new data key version: new values are sealed with it once it is active (after every key cache expired); then re-seal. Refused while the last rotation is not re-sealed',
      responses: { 201: jsonContent(DataKeyView, 'Rotated'), ...errorResponses },
    }),
    async (c) => {
      const before = await view(c);
      const newest = before.versions.at(-1);
      if (!newest) throw conflict('no personal data is stored yet: there is no key to rotate', because('resident.resealRunning'));
      const now = c.var.deps.clock.now().toISOString();
      const unsealed = newest.version > 1 && (!before.reseal || before.reseal.version < newest.version || before.reseal.status !== 'done');
      if (newest.activeFrom > now || unsealed) throw conflict('the last rotation is not active or not re-sealed yet', because('resident.resealRunning'));
      try {
        await c.var.deps.personalData.rotate(c.var.actor.tenantId);
      } catch (error) {
        if ((error as Error).name === 'TransactionCanceledException') throw conflict('another rotation was made meanwhile', because('resident.resealRunning'));
        throw error;
      }
      return c.json(await view(c), 201);
    },
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'post',
      path: '/data-key/reseal',
      tags: ['residents'],
      summary: "Start (or resume) sealing every stored sealed value again with the newest key version, once it is active",
      responses: { 202: jsonContent(DataKeyView, 'Sent'), ...errorResponses },
    }),
    async (c) => {
      const current = await view(c);
      const newest = current.versions.at(-1);
      if (newest && newest.activeFrom > c.var.deps.clock.now().toISOString()) throw conflict(`the newest key version is active from ${newest.activeFrom}`, because('resident.resealRunning'));
      await c.var.deps.jobs.send([{ kind: 'reseal', tenantId: c.var.actor.tenantId }]);
      return c.json(await view(c), 202);
    },
  );
