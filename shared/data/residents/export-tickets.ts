/**
 * Single-use tickets for an unmasked export: the reason travels in a POST body (URLs land in access
 * logs and browser history), the ticket is stored for a few minutes, bound to its user, and the file
 * route redeems it once — a conditional Delete, so a second download with the same ticket is refused.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../../domain/actor';
import { because, DomainError } from '../../errors';
import { TTL_ATTRIBUTE } from '../table';
import { putNew } from '../write';
import type { ResidentsContext } from './context';

/** Long enough for the browser to fetch the file right after asking; DynamoDB's TTL removes leftovers. */
export const EXPORT_TICKET_MS = 5 * 60_000;

const used = () => new DomainError(404, 'not_found', 'no such export ticket: it was used, has expired, or is not yours; ask for a new one', because('resident.exportTicket'));

export interface ExportTicket {
  id: string;
  userId: string;
  gridId?: string;
  reason: string;
  createdAt: string;
  validUntil: string;
}

export function exportTicketRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;
  return {
    async create(actor: Actor, request: { gridId?: string; reason: string }, now: Date): Promise<ExportTicket> {
      const validUntil = new Date(now.getTime() + EXPORT_TICKET_MS);
      const ticket: ExportTicket = { id: ulid(now.getTime()), userId: actor.userId, ...request, createdAt: now.toISOString(), validUntil: validUntil.toISOString() };
      await putNew(db, { ...keys.exportTicket(ticket.id), entity: 'export-ticket', schemaVersion: 1, ...ticket, [TTL_ATTRIBUTE]: Math.ceil(validUntil.getTime() / 1000) + 3600 }, 'export ticket id collision');
      return ticket;
    },

    /** The ticket, used up: only its own user, only once, only while valid (404 otherwise, naming why). */
    async redeem(actor: Actor, ticketId: string, now: Date): Promise<ExportTicket> {
      try {
        const out = await db.doc.send(
          new DeleteCommand({
            TableName: db.table,
            Key: keys.exportTicket(ticketId),
            ConditionExpression: 'userId = :u AND validUntil > :now',
            ExpressionAttributeValues: { ':u': actor.userId, ':now': now.toISOString() },
            ReturnValues: 'ALL_OLD',
          }),
        );
        if (!out.Attributes) throw used();
        return out.Attributes as ExportTicket;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw used();
        throw error;
      }
    },
  };
}
