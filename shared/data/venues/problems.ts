/**
 * The problem ledger (动态问题台账) of one tenant: its reads (problem-ledger.ts) and the ladder's
 * transitions, each written as one transaction (problem + history event + venue counters [+ notice
 * number counter]).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../../domain/actor';
import type { Inspection } from '../../domain/venues/inspection';
import {
  applyProblemAction,
  authorizeProblemAction,
  noticeNumber,
  type ProblemAction,
  type ProblemEvent,
  type ProblemTransition,
} from '../../domain/venues/ladder';
import { localDate } from '../../domain/local-day';
import type { Problem } from '../../domain/venues/problem';
import { defaultRules, type TenantRules, withDefaults } from '../../domain/rules';
import { inScope, type Scope, scopeFromPaths, seesWholeTenant } from '../../domain/scope';
import type { Tenant } from '../../domain/tenant';
import { badRequest, because, DomainError, forbidden, notFound } from '../../errors';
import { batchGet, type Raw } from '../batch';
import { type Db, toEntity } from '../db';
import type { GridRepository } from '../grids';
import { type Key, tenantKeys } from '../keys';
import { assertInspectionOf, assertPhotos, referenceKeys } from '../references';
import { recheckVerdict } from '../../domain/venues/recheck';
import { getRaw as readRaw, staleVersion } from '../write';
import { isResentStep } from '../../domain/venues/problem-resend';
import { openProblemsAction } from './venue-counters';
import { problemEventPut } from './problem-failure-items';
import { problemLedger, type ProblemView, seesByKind, viewOf } from './problem-ledger';

/** What the caller asks for; the version is the problem's as they last saw it. */
export type ProblemRequest =
  | { type: 'issue-notice'; version: number; deadline?: string; requirements?: string }
  | { type: 'report-rectification'; version: number; note: string; photoIds: string[] }
  | { type: 'recheck'; version: number; inspectionId: string; note?: string }
  | { type: 'recheck'; version: number; passed: boolean; note: string }
  | { type: 'reopen'; version: number; reason: string; inspectionId?: string };

export interface TransitionResult {
  problem: ProblemView;
  event: ProblemEvent;
}

/** Tries to take a notice number when others take numbers at the same moment (one wins per round). */
const MAX_ATTEMPTS = 8;

export function problemRepository(db: Db, tenantId: string, grids: GridRepository) {
  const keys = tenantKeys(tenantId);
  const ledger = problemLedger(db, keys, grids);

  function assertVisible(actor: Actor, scope: Scope, p: Pick<Problem, 'venueKind' | 'gridPath'>) {
    if (seesByKind(actor) ? !actor.venueKinds.includes(p.venueKind) : !inScope(scope, p.gridPath)) {
      throw forbidden('this problem is outside your grids or industry', because('scope.problem'));
    }
  }

  /** The actor's scope from grid items fetched in the same BatchGet. */
  function scopeFrom(actor: Actor, gridKeys: Key[], fetched: { get<T>(k: Key): T | undefined }): Scope {
    if (seesWholeTenant(actor)) return { kind: 'tenant' };
    const paths = gridKeys
      .map((k) => fetched.get<{ path: string; status: string }>(k))
      .filter((g) => g?.status === 'active')
      .map((g) => g!.path);
    return scopeFromPaths(actor, paths);
  }

  const gridKeysOf = (actor: Actor) => (seesWholeTenant(actor) ? [] : [...new Set(actor.gridIds)].slice(0, 90).map((g) => keys.grid(g)));

  const getRaw = (problemId: string): Promise<Raw | undefined> => readRaw(db, keys.problem(problemId), true);
  /** The step that made this version of a problem (a resend is recognised by it). */
  const stepAtVersion = async (problemId: string, version: number) => (await readRaw(db, keys.problemEvent(problemId, version), true)) as ProblemEvent | undefined;

  /** Read the problem, the tenant, its rules and the caller's grids (and any extra keys) in one BatchGet. */
  async function loadForAction(actor: Actor, problemId: string, extra: Key[] = []) {
    const gridKeys = gridKeysOf(actor);
    const fetched = await batchGet(db, [keys.problem(problemId), keys.tenant(), keys.rules(), ...gridKeys, ...extra]);
    const raw = fetched.raw(keys.problem(problemId));
    if (!raw) throw notFound('problem');
    const tenant = fetched.get<Tenant>(keys.tenant());
    if (!tenant) throw notFound('tenant');
    const stored = fetched.get<TenantRules>(keys.rules());
    return {
      raw,
      problem: toEntity<Problem>(raw),
      tenant,
      rules: stored ? withDefaults(stored) : defaultRules(),
      scope: scopeFrom(actor, gridKeys, fetched),
      fetched,
    };
  }

  /** The action a re-check linked to an inspection stands for, after checking the inspection fits. */
  function recheckFromInspection(problem: Problem, inspection: Inspection | undefined, _inspectionId: string, note?: string): ProblemAction {
    assertInspectionOf(problem.venueId, inspection);
    const verdict = recheckVerdict(problem, inspection);
    // A closed problem or an early failure is the ladder's to refuse (409), as for a re-check by hand.
    if ('why' in verdict) {
      if (verdict.refusedBy === 'reference') throw badRequest('inspectionId', verdict.why);
      return { type: 'recheck', passed: false, note, inspectionId: inspection.id };
    }
    const result = inspection.results.find((r) => r.itemCode === problem.itemCode);
    return { type: 'recheck', passed: verdict.passed, note: note ?? result?.note, inspectionId: inspection.id };
  }

  /** Write a transition: problem (version-checked), its event, the venue's counters, a counter. */
  async function write(
    raw: Raw,
    t: ProblemTransition,
    event: ProblemEvent,
    counter?: { key: Key; current: number },
  ): Promise<'ok' | 'counter-taken'> {
    const p = t.next;
    const venueSets: string[] = [];
    const venueValues: Record<string, unknown> = {};
    if (t.openDelta !== 0) {
      venueSets.push('openProblems = openProblems + :d');
      venueValues[':d'] = t.openDelta;
    }
    if (p.status === 'closed' && event.type === 'recheck-passed') {
      venueSets.push('followUpDue = :f', 'lastRecheckPassedAt = :at');
      venueValues[':f'] = p.followUpDue;
      venueValues[':at'] = event.at;
    }
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: db.table,
          Item: { ...raw, ...keys.problem(p.id), ...keys.problemEntries(p), entity: 'problem', schemaVersion: 1, ...p },
          // The version guards concurrent actions; the path guards a concurrent grid move (docs/data-model.md).
          ConditionExpression: '#version = :expected AND gridPath = :path',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': p.version - 1, ':path': p.gridPath },
        },
      },
      problemEventPut(db, keys, p, event),
    ];
    if (venueSets.length) {
      items.push({
        Update: {
          TableName: db.table,
          Key: keys.venue(p.venueId),
          UpdateExpression: `SET ${venueSets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: venueValues,
        },
      });
    }
    // The grid's open-problem figure (venue-counters.ts), before the notice counter (read from the end).
    if (t.openDelta !== 0) items.push(openProblemsAction(db, keys, { id: p.venueId, gridId: p.gridId, kind: p.venueKind }, t.openDelta));
    if (counter) {
      items.push({
        Update: {
          TableName: db.table,
          Key: counter.key,
          UpdateExpression: 'SET seq = :next, entity = :entity',
          ConditionExpression: counter.current === 0 ? 'attribute_not_exists(pk)' : 'seq = :current',
          ExpressionAttributeValues: { ':next': counter.current + 1, ':entity': 'counter', ...(counter.current === 0 ? {} : { ':current': counter.current }) },
        },
      });
    }
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return 'ok';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const problemFailed = reasons[0]?.Code === 'ConditionalCheckFailed' || reasons[0]?.Code === 'TransactionConflict';
      if (problemFailed) {
        // Someone else acted first: report the version they left.
        const latest = await getRaw(p.id);
        if (!latest) throw notFound('problem');
        throw staleVersion('problem', Number(latest.version));
      }
      if (counter && ['ConditionalCheckFailed', 'TransactionConflict'].includes(reasons[items.length - 1]?.Code ?? '')) return 'counter-taken';
      // Another notice held the shared venue or counter item at that instant: worth another round.
      if (counter && reasons.some((r) => r.Code === 'TransactionConflict')) return 'counter-taken';
      if (venueSets.length && reasons[2]?.Code === 'ConditionalCheckFailed') throw notFound('venue');
      throw new DomainError(409, 'busy', 'the problem or its venue was being changed at the same moment; reload and try again', because('busy'));
    }
  }

  return {
    assertVisible,

    async get(problemId: string): Promise<Problem> {
      const raw = await getRaw(problemId);
      if (!raw) throw notFound('problem');
      return toEntity<Problem>(raw);
    },

    ...ledger,

    /**
     * One step of the ladder for a caller. Calls: 1 BatchGet (problem, tenant, rules, caller's grids,
     * the linked inspection) [+ 1 GetItem of the notice counter for a notice] + 1 TransactWrite.
     * Errors: 404 unknown id (also another tenant's), 403 role or scope, 409 stale version (with
     * `currentVersion`) or illegal transition (`illegal_transition`), 400 bad deadline or inspection.
     * A resend of the step that made the current version answers as the first time (+1 GetItem).
     */
    async act(actor: Actor, problemId: string, request: ProblemRequest, now: Date): Promise<TransitionResult> {
      for (let attempt = 1; ; attempt++) {
        const refs = {
          inspectionId: (request.type === 'recheck' || request.type === 'reopen') && 'inspectionId' in request ? request.inspectionId : undefined,
          photoIds: request.type === 'report-rectification' ? request.photoIds : undefined,
        };
        const loaded = await loadForAction(actor, problemId, referenceKeys(keys, refs));
        const { raw, problem, tenant, rules, scope } = loaded;
        assertVisible(actor, scope, problem);
        authorizeProblemAction(actor, scope, problem);
        if (problem.version !== request.version) {
          const resent = problem.version === request.version + 1 ? await stepAtVersion(problem.id, problem.version) : undefined;
          if (resent && isResentStep(request, actor.userId, resent)) return { problem: viewOf(problem, localDate(now, tenant.timezone)), event: resent };
          throw staleVersion('problem', problem.version);
        }

        const at = now.toISOString();
        const today = localDate(now, tenant.timezone);
        let counter: { key: Key; current: number } | undefined;
        let action: ProblemAction;
        switch (request.type) {
          case 'issue-notice': {
            const key = keys.counter('NOTICE', today.slice(0, 4));
            const counterItem = await readRaw(db, key, true);
            counter = { key, current: Number(counterItem?.seq ?? 0) };
            action = { type: 'issue-notice', number: noticeNumber(today.slice(0, 4), counter.current + 1), deadline: request.deadline, requirements: request.requirements };
            break;
          }
          case 'report-rectification':
            assertPhotos(keys, request.photoIds, (key) => loaded.fetched.raw(key), { venueId: problem.venueId, problemId: problem.id });
            action = { type: 'report-rectification', note: request.note, photoIds: request.photoIds };
            break;
          case 'recheck':
            action =
              'inspectionId' in request
                ? recheckFromInspection(problem, loaded.fetched.get<Inspection>(keys.inspection(request.inspectionId)), request.inspectionId, request.note)
                : { type: 'recheck', passed: request.passed, note: request.note };
            break;
          case 'reopen':
            if (request.inspectionId) assertInspectionOf(problem.venueId, loaded.fetched.get<Inspection>(keys.inspection(request.inspectionId)));
            action = { type: 'reopen', reason: request.reason, inspectionId: request.inspectionId };
            break;
        }
        const transition = applyProblemAction(problem, action, { by: actor.userId, at, today, rules });
        const event: ProblemEvent = { id: ulid(now.getTime()), ...transition.event };
        const written = await write(raw, transition, event, counter);
        if (written === 'ok') return { problem: viewOf(transition.next, today), event };
        if (attempt >= MAX_ATTEMPTS) throw new DomainError(409, 'busy', 'notice numbers are being taken at the same moment; try again', because('busy'));
        await new Promise((resume) => setTimeout(resume, Math.random() * 20 * attempt)); // spread the next round
      }
    },

    /**
     * The scheduled escalation marks a problem overdue once per deadline (as 'system'); a problem
     * changed meanwhile is left for the next run. Calls: 1 TransactWrite (+1 GetItem if it lost).
     */
    async markOverdue(problem: Problem, raw: Raw, today: string, now: Date): Promise<boolean> {
      const transition = applyProblemAction(problem, { type: 'mark-overdue' }, { by: 'system', at: now.toISOString(), today, rules: defaultRules() });
      const event: ProblemEvent = { id: ulid(now.getTime()), ...transition.event };
      try {
        await write(raw, transition, event);
        return true;
      } catch (error) {
        if (error instanceof DomainError && error.status === 409) return false;
        throw error;
      }
    },
  };
}
export type ProblemRepository = ReturnType<typeof problemRepository>;
