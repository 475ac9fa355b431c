/**
 * The Gridwatch API as one Hono app with every route — the local server (local/system.ts), the
 * tests and the benches — and its type for the web app's client. In AWS the routes are split between
 * two functions, each building the app from its own groups (build-app.ts): functions/api.ts and
 * functions/api-stream.ts (the file routes).
 */
import type { Hono } from 'hono';
import { ROUTE_GROUPS } from './all-route-groups';
import { buildApp, claimApiPaths } from './build-app';
import type { AppEnv, Deps } from './context';
import { serveDocs } from './docs-routes';

export const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  info: { title: 'Gridwatch API', version: '0.1.0', description: '网格化管理 — grid-based community management' },
};

export function createApp(deps: Deps) {
  const app = claimApiPaths(serveDocs(buildApp(deps, ROUTE_GROUPS), async () => (await import('./openapi-document')).generateOpenApiDocument()));
  return app as unknown as AppType;
}

/**
 * The API's type for hono/client (web/src/api/client.ts): every group's routes mounted under its
 * prefix, as ROUTE_GROUPS serves them (the file routes too, though another function serves them in
 * AWS: the browser reaches both at the same origin). Types only: at run time the groups load on demand.
 */
declare const typed: {
  app: Hono<AppEnv>;
  routes: {
    health: typeof import('./routes/health').health;
    auth: typeof import('./routes/auth').auth;
    me: typeof import('./routes/auth').me;
    platform: typeof import('./routes/platform').platform;
    tenant: typeof import('./routes/tenant').tenant;
    grids: typeof import('./routes/grids').grids;
    rules: typeof import('./routes/rules').rules;
    users: typeof import('./routes/users').users;
    venueKinds: typeof import('./routes/venues/checklists').venueKinds;
    checklists: typeof import('./routes/venues/checklists').checklists;
    venueImports: typeof import('./routes/venues/venue-imports').venueImports;
    venues: typeof import('./routes/venues/venues').venues;
    venueFiles: typeof import('./routes/venues/venue-files').venueFiles;
    venueCodePages: typeof import('./routes/venues/code-sheets').venueCodePages;
    gridCodeSheets: typeof import('./routes/venues/code-sheets').gridCodeSheets;
    photos: typeof import('./routes/venues/photos').photos;
    inspections: typeof import('./routes/venues/inspections').inspections;
    venueEnforcement: typeof import('./routes/venues/venue-enforcement').venueEnforcement;
    problemExports: typeof import('./routes/venues/problem-exports').problemExports;
    problems: typeof import('./routes/venues/problems').problems;
    enforcementRegisters: typeof import('./routes/venues/venue-enforcement').enforcementRegisters;
    bulletins: typeof import('./routes/venues/bulletins').bulletins;
    notices: typeof import('./routes/venues/notices').notices;
    jointEnforcement: typeof import('./routes/venues/joint-enforcement').jointEnforcement;
    plans: typeof import('./routes/venues/plans').plans;
    reports: typeof import('./routes/reports').reports;
    residentHouseholds: typeof import('./routes/residents/households').households;
    residentRegistry: typeof import('./routes/residents/registry').registry;
    residentExports: typeof import('./routes/residents/exports').residentExports;
    residentImports: typeof import('./routes/residents/imports').residentImports;
    residentPersonAdmin: typeof import('./routes/residents/person-admin').residentPersonAdmin;
    residentDataKey: typeof import('./routes/residents/data-key').residentDataKey;
    monitoringEpisodes: typeof import('./routes/monitoring/episodes').monitoringEpisodes;
    monitoringReadings: typeof import('./routes/monitoring/readings').monitoringReadings;
    selfRegistrationStaff: typeof import('./routes/self-registration/staff').selfRegistrationStaff;
    publicRegistrations: typeof import('./routes/self-registration/public').publicRegistrations;
    checkIns: typeof import('./routes/self-registration/check-ins').checkIns;
    registrationPosters: typeof import('./routes/self-registration/posters').registrationPosters;
    testingRounds: typeof import('./routes/testing/rounds').testingRounds;
    testingRecords: typeof import('./routes/testing/records').testingRecords;
    testingLabImports: typeof import('./routes/testing/lab-imports').testingLabImports;
    checkpointRoutes: typeof import('./routes/checkpoints').checkpointRoutes;
    gridMap: typeof import('./routes/grid-map').gridMap
    pushedLists: typeof import('./routes/pushed-lists/lists').pushedLists;
    pushedTasks: typeof import('./routes/pushed-lists/tasks').pushedTasks;
    pushedListExports: typeof import('./routes/pushed-lists/exports').pushedListExports;
    gridMapRecount: typeof import('./routes/grid-map-recount').gridMapRecount;
  };
};
const typedRoutes = ({ app, routes: r } = typed) =>
  app
    .route('/api/health', r.health)
    .route('/api/auth', r.auth)
    .route('/api/me', r.me)
    .route('/api/platform', r.platform)
    .route('/api/tenant', r.tenant)
    .route('/api/grids', r.grids)
    .route('/api/rules', r.rules)
    .route('/api/users', r.users)
    .route('/api/venue-kinds', r.venueKinds)
    .route('/api/checklists', r.checklists)
    .route('/api/venues/imports', r.venueImports)
    .route('/api/venues', r.venues)
    .route('/api/photos', r.photos)
    .route('/api/inspections', r.inspections)
    .route('/api/venues', r.venueEnforcement)
    .route('/api/venues', r.venueFiles)
    .route('/api/venues', r.venueCodePages)
    .route('/api/grids', r.gridCodeSheets)
    .route('/api/problems', r.problemExports)
    .route('/api/problems', r.problems)
    .route('/api/enforcement', r.enforcementRegisters)
    .route('/api/bulletins', r.bulletins)
    .route('/api/notices', r.notices)
    .route('/api/joint-enforcement', r.jointEnforcement)
    .route('/api/plans', r.plans)
    .route('/api/reports', r.reports)
    .route('/api/residents', r.residentHouseholds)
    .route('/api/residents', r.residentRegistry)
    .route('/api/residents', r.residentExports)
    .route('/api/residents', r.residentImports)
    .route('/api/residents', r.residentPersonAdmin)
    .route('/api/residents', r.residentDataKey)
    .route('/api/monitoring', r.monitoringEpisodes)
    .route('/api/monitoring', r.monitoringReadings)
    .route('/api/self-registration', r.selfRegistrationStaff)
    .route('/api/public', r.publicRegistrations)
    .route('/api/check-ins', r.checkIns)
    .route('/api/self-registration', r.registrationPosters)
    .route('/api/testing', r.testingRounds)
    .route('/api/testing', r.testingRecords)
    .route('/api/testing', r.testingLabImports)
    .route('/api/checkpoints', r.checkpointRoutes)
    .route('/api/grid-map', r.gridMap)
    .route('/api/pushed-lists', r.pushedLists)
    .route('/api/pushed-tasks', r.pushedTasks)
    .route('/api/pushed-lists', r.pushedListExports)
    .route('/api/grid-map', r.gridMapRecount);

export type AppType = ReturnType<typeof typedRoutes>;
