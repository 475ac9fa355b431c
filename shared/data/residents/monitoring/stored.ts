/**
 * Monitoring items as stored: the episode with its window sets (DynamoDB string sets, so adding a
 * window twice is the same as once), readings with their health data sealed by the tenant's key
 * (temperature, symptoms; the `fever` flag beside it routes alerts), and their views.
 */
import type { Episode, EpisodeAction } from '../../../domain/monitoring/episode';
import type { Reading } from '../../../domain/monitoring/reading';
import type { EpisodePeriod } from '../../../domain/monitoring/windows';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TenantCipher } from '../../../personal-data/tenant-cipher';
import type { Db } from '../../db';

/** A start, reading or action may be entered late but not ahead of the server's clock beyond this. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** An update that only moves a value forward (a later last reading, a later day): its condition failing means nothing to do. */
export async function updateIfStillNeeded(db: Db, input: Omit<UpdateCommandInput, 'TableName'>): Promise<void> {
  try {
    await db.doc.send(new UpdateCommand({ TableName: db.table, ...input }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export type StoredEpisode = Omit<Episode, 'windowsDone' | 'windowsMissed'> & {
  windowsDone?: Set<string> | string[];
  windowsMissed?: Set<string> | string[];
  /** Tenant-local days with a fever reading (like a reading's `fever` flag, it routes figures; the temperature stays sealed). */
  feverDays?: Set<string> | string[];
  /** The last reading's temperature and fever flag, sealed. */
  lastReadingEnc?: string;
};

export const setOf = (value: Set<string> | string[] | undefined): Set<string> => new Set(value ?? []);

export const periodOf = (e: Pick<StoredEpisode, 'startedAt' | 'lastDay' | 'endedAt' | 'windows'>): EpisodePeriod => ({ startedAt: e.startedAt, lastDay: e.lastDay, endedAt: e.endedAt, windows: e.windows });

export function episodeView(e: StoredEpisode): Episode {
  const { lastReadingEnc: _sealed, feverDays: _days, ...rest } = e;
  return { ...rest, windowsDone: [...setOf(e.windowsDone)].sort(), windowsMissed: [...setOf(e.windowsMissed)].sort() };
}

export interface Health {
  temperature: number;
  symptoms: string[];
  symptomNote?: string;
}

export type StoredReading = Omit<Reading, 'temperature' | 'symptoms' | 'symptomNote'> & { healthEnc: string; inputBlind: string };

export const sealHealth = (cipher: TenantCipher, context: string, health: Health) => cipher.encrypt(JSON.stringify(health), context);
export const openHealth = (cipher: TenantCipher, context: string, sealed: string): Health => JSON.parse(cipher.decrypt(sealed, context)) as Health;

export const readingContext = (readingId: string) => `reading/${readingId}/health`;
export const lastReadingContext = (episodeId: string) => `episode/${episodeId}/last-reading`;
export const actionContext = (actionId: string) => `episode-action/${actionId}/result`;

export function readingView(cipher: TenantCipher, r: StoredReading): Reading {
  const { healthEnc, inputBlind: _blind, ...rest } = r;
  return { ...rest, ...openHealth(cipher, readingContext(r.id), healthEnc) };
}

export type StoredAction = Omit<EpisodeAction, 'result'> & { resultEnc?: string };

export function actionView(cipher: TenantCipher | undefined, a: StoredAction): EpisodeAction {
  const { resultEnc, ...rest } = a;
  return { ...rest, result: resultEnc && cipher ? (cipher.decrypt(resultEnc, actionContext(a.id)) as EpisodeAction['result']) : undefined };
}
