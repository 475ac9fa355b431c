/**
 * Single-use tickets of unmasked exports (shared/domain/export-ticket.ts): stored for two minutes,
 * bound to their user and subject; the file route redeems one with a conditional Delete — same user,
 * same subject, not expired — so a link used or copied twice exports nothing more (404). DynamoDB's
 * TTL removes the ones never used.
 */
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../domain/actor';
import { EXPORT_TICKET_SECONDS, type ExportSubject, type ExportTicketView, subjectKey } from '../domain/export-ticket';
import { because, DomainError } from '../errors';
import type { Db } from './db';
import { tenantKeys } from './keys';
import { TTL_ATTRIBUTE } from './table';
import { putNew } from './write';

const used = () => new DomainError(404, 'not_found', 'no such export ticket: it was used, has expired, or is not yours; ask for a new one', because('export.ticket'));

export function exportTicketRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);
  return {
    async issue(actor: Actor, subject: ExportSubject, reason: string, now: Date): Promise<ExportTicketView> {
      const ticket = randomBytes(16).toString('base64url');
      const expires = Math.floor(now.getTime() / 1000) + EXPORT_TICKET_SECONDS;
      const gridId = subject.kind === 'persons' ? subject.gridId : undefined;
      await putNew(db, { ...keys.exportTicket(ticket), entity: 'export-ticket', schemaVersion: 2, userId: actor.userId, subject: subjectKey(subject), gridId, reason, [TTL_ATTRIBUTE]: expires }, 'export ticket collision');
      return { ticket, expiresAt: new Date(expires * 1000).toISOString() };
    },

    /** The reason the ticket was asked with (and a people export's grid); the ticket is gone after. */
    async redeem(actor: Actor, ticket: string, subject: ExportSubject, now: Date): Promise<{ reason: string; gridId?: string }> {
      try {
        const out = await db.doc.send(
          new DeleteCommand({
            TableName: db.table,
            Key: keys.exportTicket(ticket),
            ConditionExpression: 'userId = :u AND subject = :s AND #ttl > :now',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':u': actor.userId, ':s': subjectKey(subject), ':now': Math.floor(now.getTime() / 1000) },
            ReturnValues: 'ALL_OLD',
          }),
        );
        if (!out.Attributes) throw used();
        return { reason: out.Attributes.reason as string, gridId: out.Attributes.gridId as string | undefined };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw used();
        throw error;
      }
    },
  };
}
