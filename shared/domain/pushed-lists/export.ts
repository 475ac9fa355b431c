/**
 * Exporting a pushed list: masked by default; unmasked only for the roles the tenant's rules allow,
 * with a reason sent in a POST body (never in a URL), which answers a one-use ticket the file route
 * takes (the files function serves GETs only). Pure schemas.
 */
import * as z from 'zod';

export const ExportTicket = z.object({ ticket: z.string(), listId: z.string(), expiresAt: z.string() });
export type ExportTicket = z.infer<typeof ExportTicket>;
/** How long a ticket may wait for its download (the browser asks for the file at once). */
export const EXPORT_TICKET_SECONDS = 120;
/** A ticket: 128 random bits, URL-safe. */
export const TicketId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'an export ticket');
