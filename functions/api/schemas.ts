/**
 * Request and response pieces shared by the routes: paging, errors, and the JSON body helper.
 */
import * as z from 'zod';

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});

/** A calendar day, YYYY-MM-DD (path and query parameters): the domain's one date schema. */
export { CalendarDate as Day } from '../../shared/domain/local-day';

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), cursor: z.string().optional() });

/** An error: `message` is English for logs and people reading the API; clients word `reason` / `code` and `params` (shared/errors.ts). */
export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  reason: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  requestId: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional(), params: z.record(z.string(), z.unknown()).optional() })).optional(),
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** A response that is a file (CSV, a workbook, a page), documented by its media type. */
export const fileContent = (type: string, description: string) => ({ content: { [type]: { schema: z.string() } }, description });

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true as const,
});

const error = (description: string) => jsonContent(ErrorBody, description);

/** The failures every authenticated route can answer with. */
export const errorResponses = {
  400: error('Invalid input; `issues` names each field'),
  401: error('Missing or invalid token'),
  403: error('Role or grid scope does not allow this'),
  404: error('Not found in your tenant'),
  409: error('Conflict: already exists, or a stale version'),
} as const;
