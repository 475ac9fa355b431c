/**
 * Verification tasks as stored: the row's personal fields sealed with the tenant's key (`…Enc`), their
 * masked forms beside them (boards and the routing queue never decrypt), and where the task is.
 */
import type { PushedRow } from '../../../domain/pushed-lists/row';
import type { RowMatch, Task, TaskStatus } from '../../../domain/pushed-lists/task';
import { maskIdNumber, maskName, maskPhone } from '../../../domain/residents/mask';
import type { TenantCipher } from '../../../personal-data/tenant-cipher';

export interface StoredTask {
  id: string;
  listId: string;
  line: number;
  status: TaskStatus;
  gridId?: string;
  gridPath?: string;
  match: { kind: RowMatch['kind'] | 'routed'; by?: string; personId?: string; householdId?: string };
  nameEnc: string;
  nameMasked: string;
  idNumberEnc?: string;
  idNumberMasked?: string;
  phoneEnc?: string;
  phoneMasked?: string;
  addressEnc?: string;
  addressMasked?: string;
  arrivedFrom?: string;
  arrivalDate?: string;
  source?: string;
  riskLevel: PushedRow['riskLevel'];
  dueDate?: string;
  escalated?: 'unreachable' | 'overdue';
  outcome?: Task['outcome'];
  whereTo?: string;
  outcomeNote?: string;
  linked?: { householdId: string; personId: string; episodeId?: string };
  checks: number;
  version: number;
  receivedAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** An address shown masked: the first half (district, road or compound), the rest starred. */
export function maskAddress(address: string): string {
  const chars = Array.from(address);
  const keep = Math.min(12, Math.ceil(chars.length / 2));
  return `${chars.slice(0, keep).join('')}${'*'.repeat(Math.max(1, Math.min(6, chars.length - keep)))}`;
}

const contextOf = (taskId: string, field: string) => `pushed-task/${taskId}/${field}`;

export function sealRow(cipher: TenantCipher, taskId: string, r: PushedRow) {
  const seal = (value: string | undefined, field: string) => (value === undefined ? undefined : cipher.encrypt(value, contextOf(taskId, field)));
  return {
    nameEnc: seal(r.name, 'name')!,
    nameMasked: maskName(r.name),
    idNumberEnc: seal(r.idNumber, 'idNumber'),
    idNumberMasked: r.idNumber && maskIdNumber(r.idNumber),
    phoneEnc: seal(r.phone, 'phone'),
    phoneMasked: r.phone && maskPhone(r.phone),
    addressEnc: seal(r.address, 'address'),
    addressMasked: r.address && maskAddress(r.address),
  };
}

export interface TaskPersonal {
  name: string;
  idNumber?: string;
  phone?: string;
  address?: string;
}

export function unsealTask(cipher: TenantCipher, t: StoredTask): TaskPersonal {
  const open = (value: string | undefined, field: string) => (value === undefined ? undefined : cipher.decrypt(value, contextOf(t.id, field)));
  return { name: open(t.nameEnc, 'name')!, idNumber: open(t.idNumberEnc, 'idNumber'), phone: open(t.phoneEnc, 'phone'), address: open(t.addressEnc, 'address') };
}

/** The masked view every list and board answers with. */
export const taskView = (t: StoredTask): Task => ({
  id: t.id,
  listId: t.listId,
  line: t.line,
  status: t.status,
  gridId: t.gridId,
  match: t.match,
  name: t.nameMasked,
  idNumber: t.idNumberMasked,
  phone: t.phoneMasked,
  address: t.addressMasked,
  masked: true,
  arrivedFrom: t.arrivedFrom,
  arrivalDate: t.arrivalDate,
  source: t.source,
  riskLevel: t.riskLevel,
  dueDate: t.dueDate,
  escalated: t.escalated,
  outcome: t.outcome,
  whereTo: t.whereTo,
  outcomeNote: t.outcomeNote,
  linked: t.linked,
  checks: t.checks,
  version: t.version,
  receivedAt: t.receivedAt,
  updatedAt: t.updatedAt,
});
