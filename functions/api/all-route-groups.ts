/**
 * Every route group, as the local server and the tests serve them in one app (functions/api/app.ts)
 * and as the OpenAPI document lists them. The file groups come first: they name a few paths under
 * prefixes (/api/problems, /api/venues) whose other paths the API's groups take.
 */
import { API_ROUTE_GROUPS } from './api-route-groups';
import { FILE_ROUTE_GROUPS } from './file-route-groups';
import { mountGroups, type RouteGroup, type Routes } from './route-groups';

export const ROUTE_GROUPS: readonly RouteGroup[] = [...FILE_ROUTE_GROUPS, ...API_ROUTE_GROUPS];

/** Every group mounted on one app, eagerly (the OpenAPI document's registry sees every route). */
export const mountAll = (app: Routes): Promise<Routes> => mountGroups(app, ROUTE_GROUPS);
