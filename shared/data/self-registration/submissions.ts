/**
 * Submissions of the public form (扫码登记): stored sealed (name, ID number, phone encrypted with the
 * tenant's key, masked forms and blind indexes beside them), with the day's figure, in one
 * transaction; a resend of the same form (same client ULID and body) is the same receipt. Nothing is
 * looked up at submission time: whether the person is known is the reviewer's question, so the
 * public answer cannot tell.
 */
import { createHash } from 'node:crypto';
import { normaliseIdNumber, normalisePhone } from '../../domain/residents/id-number';
import { maskIdNumber, maskName, maskPhone } from '../../domain/residents/mask';
import { unknownCodes } from '../../domain/residents/rules';
import { SUBMISSION_RETENTION, type SubmissionInput, type SubmissionStatus } from '../../domain/self-registration/submission';
import { conflict, DomainError } from '../../errors';
import type { TenantCipher } from '../../personal-data/tenant-cipher';
import { TTL_ATTRIBUTE } from '../table';
import type { Db } from '../db';
import type { TenantKeys } from '../keys';
import { failed, transact } from '../residents/context';
import type { ResidentsRepository } from '../residents';
import { idBlindOf } from '../residents/stored';
import { getItem } from '../write';
import type { StoredCode } from './codes';

export interface StoredSubmission {
  id: string;
  codeId: string;
  gridId?: string;
  gridPath?: string;
  status: SubmissionStatus;
  category: string;
  address?: { compound?: string; building?: string; unit?: string; room: string };
  householdNumber?: string;
  arrivedFrom?: string;
  arrivedOn: string;
  purposeVersion: number;
  nameEnc: string;
  nameMasked: string;
  idNumberEnc: string;
  idNumberMasked: string;
  idBlind: string;
  phoneEnc: string;
  phoneMasked: string;
  phoneBlind: string;
  /** Blind index of the whole form: a resend with the same body is the same submission. */
  inputBlind: string;
  submittedAt: string;
  day: string;
  version: number;
  decidedAt?: string;
  decidedBy?: string;
  personId?: string;
  householdId?: string;
  rejectReason?: string;
}

/** What a resident gets back: a short receipt number (the end of the submission id), and when. */
export const receiptOf = (s: Pick<StoredSubmission, 'id' | 'submittedAt'>) => ({ receipt: `R-${s.id.slice(-8)}`, receivedAt: s.submittedAt });

const COUNTER_SHARDS = 4;
const shardOfId = (id: string) => createHash('sha256').update(id).digest()[0] % COUNTER_SHARDS;
const epochSeconds = (at: Date, days: number) => Math.floor(at.getTime() / 1000) + days * 86_400;

export const sealSubmission = (cipher: TenantCipher, id: string, input: Pick<SubmissionInput, 'name' | 'idNumber' | 'phone'>) => {
  const ctx = (field: string) => `self-registration/${id}/${field}`;
  const name = input.name.trim();
  const idNumber = normaliseIdNumber(input.idNumber);
  const phone = normalisePhone(input.phone);
  return {
    nameEnc: cipher.encrypt(name, ctx('name')),
    nameMasked: maskName(name),
    idNumberEnc: cipher.encrypt(idNumber, ctx('idNumber')),
    idNumberMasked: maskIdNumber(idNumber),
    idBlind: idBlindOf(cipher, 'resident-id', idNumber),
    phoneEnc: cipher.encrypt(phone, ctx('phone')),
    phoneMasked: maskPhone(phone),
    phoneBlind: cipher.blind('phone', phone),
  };
};

export function unsealSubmission(cipher: TenantCipher, s: StoredSubmission) {
  const ctx = (field: string) => `self-registration/${s.id}/${field}`;
  return { name: cipher.decrypt(s.nameEnc, ctx('name')), idNumber: cipher.decrypt(s.idNumberEnc, ctx('idNumber')), phone: cipher.decrypt(s.phoneEnc, ctx('phone')) };
}

/** The Update of a day's figure for a grid (or tenant-wide code) and category. */
export function dayFigureAction(db: Db, keys: TenantKeys, s: Pick<StoredSubmission, 'id' | 'day' | 'gridId' | 'category'>, field: 'submitted' | SubmissionStatus) {
  return {
    Update: {
      TableName: db.table,
      Key: keys.submissionDayCounter(s.day, s.gridId, s.category, shardOfId(s.id)),
      UpdateExpression: 'SET entity = :entity, gridId = :grid, category = :category ADD #n :one',
      ExpressionAttributeNames: { '#n': field },
      ExpressionAttributeValues: { ':entity': 'submission-counter', ':grid': s.gridId ?? '~', ':category': s.category, ':one': 1 },
    },
  };
}

export function submissionIntake(db: Db, keys: TenantKeys, residents: ResidentsRepository) {
  return {
    /** Store one form sent with a verified, active code. The same receipt for a resend. */
    async submit(code: StoredCode, input: SubmissionInput, now: Date): Promise<StoredSubmission> {
      const problems = unknownCodes(await residents.rules(), { category: input.category });
      if (problems.length) throw new DomainError(400, 'validation', `body.category: ${problems[0].message}`, { issues: [{ path: 'body.category', message: problems[0].message }] });
      const cipher = (await residents.cipher(true))!;
      const { code: _token, consent: _consent, ...fields } = input;
      const at = now.toISOString();
      const address = input.address;
      const submission: StoredSubmission = {
        id: input.id,
        codeId: code.id,
        gridId: code.gridId,
        gridPath: code.gridPath,
        status: 'pending',
        category: input.category,
        // A compound's poster says which compound; the resident need not type it.
        address: address && code.compound && !address.compound ? { ...address, compound: code.compound } : address,
        householdNumber: input.householdNumber,
        arrivedFrom: input.arrivedFrom,
        arrivedOn: input.arrivedOn,
        purposeVersion: input.purposeVersion,
        ...sealSubmission(cipher, input.id, input),
        inputBlind: cipher.blind('body', JSON.stringify({ ...fields, codeId: code.id })),
        submittedAt: at,
        day: await residents.dayOf(now),
        version: 1,
      };
      const item = {
        ...keys.submission(submission.id),
        ...keys.submissionQueueEntry(submission),
        ...keys.submissionListEntry(submission),
        entity: 'self-registration',
        schemaVersion: 1,
        ...submission,
        [TTL_ATTRIBUTE]: epochSeconds(now, SUBMISSION_RETENTION.pendingDays),
      };
      let stored = submission;
      await transact(db, [{ Put: { TableName: db.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }, dayFigureAction(db, keys, submission, 'submitted')], async ([put]) => {
        if (!failed(put)) throw new Error('self-registration: unexpected cancellation');
        const existing = await getItem<StoredSubmission>(db, keys.submission(submission.id), true);
        if (existing?.inputBlind !== submission.inputBlind) throw conflict('another form was sent with this id; reload the form');
        stored = existing;
        return undefined as never;
      });
      return stored;
    },
  };
}
