/**
 * Tickets for a pushed list's unmasked export. The reason comes in a POST body (never in a URL, so no
 * proxy or access log keeps it); the answer is a random one-use ticket the file route (a GET, served
 * by the files function) takes. Using it deletes it under a condition — same user, same list, not
 * expired — so a link copied or sent twice exports nothing more. Expired tickets go by TTL.
 */
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../../domain/actor';
import { EXPORT_TICKET_SECONDS, type ExportTicket } from '../../../domain/pushed-lists/export';
import { because, forbidden } from '../../../errors';
import { TTL_ATTRIBUTE } from '../../table';
import type { ResidentsContext } from '../context';

export function exportTicketRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;
  return {
    async issue(actor: Actor, listId: string, reason: string, now: Date): Promise<ExportTicket> {
      const ticket = randomBytes(16).toString('base64url');
      const expires = Math.floor(now.getTime() / 1000) + EXPORT_TICKET_SECONDS;
      await db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: { ...keys.pushedExportTicket(ticket), entity: 'pushed-export-ticket', userId: actor.userId, listId, reason, [TTL_ATTRIBUTE]: expires },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { ticket, listId, expiresAt: new Date(expires * 1000).toISOString() };
    },

    /** The reason the ticket was asked with; the ticket is gone after. Refused: another's, another list's, expired or used. */
    async redeem(actor: Actor, listId: string, ticket: string, now: Date): Promise<string> {
      try {
        const out = await db.doc.send(
          new DeleteCommand({
            TableName: db.table,
            Key: keys.pushedExportTicket(ticket),
            ConditionExpression: 'userId = :u AND listId = :l AND #ttl > :now',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':u': actor.userId, ':l': listId, ':now': Math.floor(now.getTime() / 1000) },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return out.Attributes!.reason as string;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw forbidden('this export ticket was used, has expired or is not yours: ask for the unmasked export again', because('export.ticket'));
        throw error;
      }
    },
  };
}
