/**
 * The API's few HTML pages (the docs page, the printable rectification notice) are static: inline
 * styles, no scripts, no external resources. A strict Content-Security-Policy says so, so that a
 * stored value that slipped past escaping still could not run or load anything.
 */
import type { Context } from 'hono';

export const STATIC_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// biome-ignore lint/suspicious/noExplicitAny: any app's context
export function staticPage<C extends Context<any, any, any>>(c: C, html: string) {
  c.header('content-security-policy', STATIC_PAGE_CSP);
  return c.html(html, 200);
}
