/** Keys of the registry's privacy operations: person moves (by client id), export tickets, data-key versions and the re-seal job. Built only through `tenantKeys` (shared/data/keys.ts), which passes the tenant prefix. */
import { InvalidKeyError, onTable, part, type QuerySpec } from './parts';

export function residentPrivacyKeys(t: string) {
  return {
    /** A person's move between households, by its client ULID: a resend finds it (idempotent). */
    personMove: (moveId: string) => ({ pk: `${t}#PERSONMOVE#${part(moveId, 'move id')}`, sk: 'MOVE' }),
    /** A single-use ticket for an unmasked export (the reason in a POST body, never in the file's URL); TTL. */
    exportTicket: (ticketId: string) => ({ pk: `${t}#EXPORTTICKET#${part(ticketId, 'ticket id')}`, sk: 'TICKET' }),
    /** The tenant's personal-data key versions (version 1 is `dataKey()` of keys/residents.ts: the same item). */
    dataKeyVersion: (version: number) => {
      if (!Number.isInteger(version) || version < 1 || version > 999_999) throw new InvalidKeyError(`invalid data key version: ${version}`);
      return { pk: `${t}#DATAKEY`, sk: `V#${String(version).padStart(6, '0')}` };
    },
    dataKeyVersions: (): QuerySpec => onTable(`${t}#DATAKEY`, 'V#'),
    /** The re-seal job's state: the version it moves values to, where it is (a cursor), how many it moved. */
    resealState: () => ({ pk: `${t}#DATAKEY`, sk: 'RESEAL' }),
  };
}
