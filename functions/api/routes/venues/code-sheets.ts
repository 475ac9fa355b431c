/**
 * Venue codes (场所码) as printable pages: one venue's code large on an A4 page, or a grid's venues
 * six to a page. File routes (file-route-groups.ts): the QR encoder stays off the API function.
 * Each QR code is the check-in page's link with the signed token (web-links.ts): a visitor's camera
 * opens it, and the inspector's scanner takes the token from it. The pages run no script; they are
 * sent under a CSP that allows none (html-page.ts).
 */
import type { Context } from 'hono';
import * as z from 'zod';
import { GridId } from '../../../../shared/domain/grid';
import type { Venue } from '../../../../shared/domain/venues/venue';
import { VenueId } from '../../../../shared/domain/venues/venue';
import { type VenueCodeKeyring, venueCodeToken } from '../../../../shared/domain/venues/venue-code';
import { type VenueCodeCard, venueCodeSheet } from '../../../../shared/export/venue-code-sheet';
import type { AppEnv } from '../../context';
import { staticPage } from '../../html-page';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, fileContent } from '../../schemas';
import { tenantToday } from '../tenant-today';
import { checkInUrl, WebOriginQuery } from '../web-links';

const PRINTERS = ['tenant-admin', 'supervisor'] as const;
/** A grid's sheet holds at most this many codes (50 A4 pages); a bigger grid is printed child by child. */
export const SHEET_MAX_VENUES = 300;

/** The printed QR is a link a visitor's phone camera opens (the check-in page); the scanner reads the token back out. */
const codeCard = (c: Context<AppEnv>, keyring: VenueCodeKeyring, venue: Venue, gridName: string, webOrigin: string): VenueCodeCard => ({
  token: checkInUrl(webOrigin, venueCodeToken(keyring, c.var.actor.tenantId, venue.id, venue.codeVersion)),
  venueId: venue.id,
  name: venue.name,
  address: venue.address,
  gridName,
  codeVersion: venue.codeVersion,
});

const webOrigin = (c: Context<AppEnv>, query: { origin?: string }) => query.origin ?? c.var.deps.webOrigin;

const printPage = (c: Context<AppEnv>, page: string) => {
  c.header('cache-control', 'private, no-store');
  return staticPage(c, page);
};

export const venueCodePages = apiRoutes().openapi(
  defineRoute(PRINTERS, {
    method: 'get',
    path: '/{venueId}/code.html',
    tags: ['venues'],
    summary: "The venue code (场所码) as a printable A4 page: the code large, with the venue's name, address, grid and tenant",
    request: { params: z.object({ venueId: VenueId }), query: WebOriginQuery },
    responses: { 200: fileContent('text/html', 'The printable page'), ...errorResponses },
  }),
  async (c) => {
    const { data, actor } = c.var;
    const venue = await data.visibleVenue(actor, c.req.valid('param').venueId);
    const [{ tenant }, grid] = await Promise.all([tenantToday(c), data.grids.find(venue.gridId)]);
    const page = await venueCodeSheet({ tenantNameZh: tenant.nameZh, title: venue.name, cards: [codeCard(c, await c.var.deps.venueCodeKeys(), venue, grid?.name ?? venue.gridId, webOrigin(c, c.req.valid('query')))], single: true });
    return printPage(c, page);
  },
);

export const gridCodeSheets = apiRoutes().openapi(
  defineRoute(PRINTERS, {
    method: 'get',
    path: '/{gridId}/codes.html',
    tags: ['grids'],
    summary: `The venue codes (场所码) of a grid subtree as printable A4 sheets, six to a page (at most ${SHEET_MAX_VENUES} venues)`,
    request: { params: z.object({ gridId: GridId }), query: WebOriginQuery },
    responses: { 200: fileContent('text/html', 'The printable sheets'), ...errorResponses },
  }),
  async (c) => {
    const { data, actor } = c.var;
    const { gridId } = c.req.valid('param');
    // listVenues checks that the grid is in the caller's scope (403 otherwise, 404 for an unknown grid).
    const page = await data.listVenues(actor, { gridId, limit: SHEET_MAX_VENUES });
    const grid = await data.grids.get(gridId);
    const [{ tenant }, subtree] = await Promise.all([tenantToday(c), data.grids.tree(grid.path)]);
    const names = new Map(subtree.map((g) => [g.id, g.name]));
    const keyring = await c.var.deps.venueCodeKeys();
    const origin = webOrigin(c, c.req.valid('query'));
    const cards = page.items.map((v) => codeCard(c, keyring, v, names.get(v.gridId) ?? v.gridId, origin));
    return printPage(c, await venueCodeSheet({ tenantNameZh: tenant.nameZh, title: grid.name, cards, more: Boolean(page.cursor) }));
  },
);
