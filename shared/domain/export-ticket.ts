/**
 * One-use tickets of unmasked exports (the people of a grid subtree, a pushed list). The reason for
 * unmasking travels in a POST body, never in a URL (URLs land in access logs and browser history);
 * the answer is a random ticket the file route (a GET, served by the files function) takes once.
 * Pure schemas.
 */
import * as z from 'zod';

/** What a ticket unmasks: the people of a grid subtree (none: the caller's scope), or one pushed list. */
export type ExportSubject = { kind: 'persons'; gridId?: string } | { kind: 'pushed-list'; listId: string };

export const ExportTicketView = z.object({ ticket: z.string(), expiresAt: z.string() });
export type ExportTicketView = z.infer<typeof ExportTicketView>;

/** How long a ticket may wait for its download (the browser asks for the file at once). */
export const EXPORT_TICKET_SECONDS = 120;

/** A ticket: 128 random bits, URL-safe. */
export const TicketId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'an export ticket from POST …/export-tickets');

/** The subject as the stored ticket names it, compared on redemption. */
export const subjectKey = (subject: ExportSubject): string => (subject.kind === 'persons' ? 'persons' : `pushed-list:${subject.listId}`);
