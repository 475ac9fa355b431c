/**
 * Residents as stored: personal fields encrypted (`…Enc`), their masked forms beside them (lists and
 * files never decrypt), and blind indexes for the identity document and the phone. Conversion from
 * input to stored item and from stored item to the masked or unmasked view.
 */
import type { IdType } from '../../domain/residents/id-number';
import { maskIdNumber, maskName, maskPhone } from '../../domain/residents/mask';
import type { MaskedPerson, PersonalFields, PersonStatus, UnmaskedPerson } from '../../domain/residents/person';
import type { TenantCipher } from '../../personal-data/tenant-cipher';
import type { PersonMoveRecord } from '../../domain/residents/person-move';

export interface StoredPerson {
  id: string;
  householdId: string;
  gridId: string;
  gridPath: string;
  gender: 'male' | 'female' | 'unknown';
  birthYear?: number;
  idType: IdType;
  category: string;
  relationship: MaskedPerson['relationship'];
  tags: string[];
  movedInOn?: string;
  status: PersonStatus;
  endedOn?: string;
  endReason?: 'moved-out' | 'deceased';
  endNote?: string;
  // Personal fields: ciphertexts, masked forms, blind indexes. All gone in a tombstone.
  nameEnc?: string;
  nameMasked: string;
  idNumberEnc?: string;
  idNumberMasked: string;
  idBlind?: string;
  phoneEnc?: string;
  phoneMasked?: string;
  phoneBlind?: string;
  birthDateEnc?: string;
  /** Blind index of the create request: a resend with the same body is the same person. */
  inputBlind?: string;
  tombstonedAt?: string;
  /** Their last moves between households (reasons are free text: gone in a tombstone). */
  moves?: PersonMoveRecord[];
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
}

/** The unique index item of an identity document: who holds it (`active`: still living here). */
export interface IdIndex {
  householdId: string;
  personId: string;
  active: boolean;
}

/** The blind index of a document: its type and normalised number (a passport and an ID never collide). */
export const idBlindOf = (cipher: TenantCipher, idType: IdType, idNumber: string) => cipher.blind('id', `${idType}:${idNumber}`);

/** The encrypted, masked and indexed form of personal fields. */
export function sealPersonal(cipher: TenantCipher, personId: string, idType: IdType, fields: PersonalFields) {
  const ctx = (field: string) => `person/${personId}/${field}`;
  return {
    nameEnc: cipher.encrypt(fields.name, ctx('name')),
    nameMasked: maskName(fields.name),
    idNumberEnc: cipher.encrypt(fields.idNumber, ctx('idNumber')),
    idNumberMasked: maskIdNumber(fields.idNumber),
    idBlind: idBlindOf(cipher, idType, fields.idNumber),
    phoneEnc: fields.phone ? cipher.encrypt(fields.phone, ctx('phone')) : undefined,
    phoneMasked: fields.phone ? maskPhone(fields.phone) : undefined,
    phoneBlind: fields.phone ? cipher.blind('phone', fields.phone) : undefined,
    birthDateEnc: fields.birthDate ? cipher.encrypt(fields.birthDate, ctx('birthDate')) : undefined,
    birthYear: fields.birthDate ? Number(fields.birthDate.slice(0, 4)) : undefined,
  };
}

export function unsealPersonal(cipher: TenantCipher, p: StoredPerson): PersonalFields {
  const open = (value: string | undefined, field: string) => (value === undefined ? undefined : cipher.decrypt(value, `person/${p.id}/${field}`));
  return {
    name: open(p.nameEnc, 'name') ?? p.nameMasked,
    idNumber: open(p.idNumberEnc, 'idNumber') ?? p.idNumberMasked,
    phone: open(p.phoneEnc, 'phone'),
    birthDate: open(p.birthDateEnc, 'birthDate'),
  };
}

const common = (p: StoredPerson) => ({
  id: p.id,
  householdId: p.householdId,
  gridId: p.gridId,
  gender: p.gender,
  birthYear: p.birthYear,
  idType: p.idType,
  category: p.category,
  relationship: p.relationship,
  tags: p.tags,
  movedInOn: p.movedInOn,
  status: p.status,
  endedOn: p.endedOn,
  endReason: p.endReason,
  moves: p.moves,
  version: p.version,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export const maskedPerson = (p: StoredPerson): MaskedPerson => ({ ...common(p), masked: true, name: p.nameMasked, idNumber: p.idNumberMasked, phone: p.phoneMasked });

export const unmaskedPerson = (p: StoredPerson, fields: PersonalFields): UnmaskedPerson => ({ ...common(p), masked: false, ...fields });
