/**
 * The route groups of the HTTP API function (functions/api.ts): every route but the file routes
 * (file-route-groups.ts), which the files function serves. A list of its own so that the API's bundle
 * has a chunk for these groups only (route-groups.ts explains the groups).
 */
import { only, type RouteGroup } from './route-groups';

export const API_ROUTE_GROUPS: readonly RouteGroup[] = [
  { prefix: '/api/health', load: async () => only((await import('./routes/health')).health) },
  { prefix: '/api/auth', load: async () => only((await import('./routes/auth')).auth) },
  { prefix: '/api/me', load: async () => only((await import('./routes/auth')).me) },
  { prefix: '/api/platform', load: async () => only((await import('./routes/platform')).platform) },
  { prefix: '/api/tenant', load: async () => only((await import('./routes/tenant')).tenant) },
  { prefix: '/api/grids', load: async () => only((await import('./routes/grids')).grids) },
  {
    prefix: '/api/grid-map',
    load: async () => {
      const [map, recount] = await Promise.all([import('./routes/grid-map'), import('./routes/grid-map-recount')]);
      return [
        ['', recount.gridMapRecount],
        ['', map.gridMap],
      ];
    },
  },
  { prefix: '/api/rules', load: async () => only((await import('./routes/rules')).rules) },
  { prefix: '/api/users', load: async () => only((await import('./routes/users')).users) },
  { prefix: '/api/venue-kinds', load: async () => only((await import('./routes/venues/checklists')).venueKinds) },
  { prefix: '/api/checklists', load: async () => only((await import('./routes/venues/checklists')).checklists) },
  {
    prefix: '/api/venues',
    load: async () => {
      const [imports, venues, enforcement] = await Promise.all([import('./routes/venues/venue-imports'), import('./routes/venues/venues'), import('./routes/venues/venue-enforcement')]);
      // Imports first: the venues' /{venueId} would otherwise take 'imports'.
      return [
        ['/imports', imports.venueImports],
        ['', venues.venues],
        ['', enforcement.venueEnforcement],
      ];
    },
  },
  { prefix: '/api/photos', load: async () => only((await import('./routes/venues/photos')).photos) },
  { prefix: '/api/inspections', load: async () => only((await import('./routes/venues/inspections')).inspections) },
  { prefix: '/api/problems', load: async () => only((await import('./routes/venues/problems')).problems) },
  { prefix: '/api/enforcement', load: async () => only((await import('./routes/venues/venue-enforcement')).enforcementRegisters) },
  { prefix: '/api/bulletins', load: async () => only((await import('./routes/venues/bulletins')).bulletins) },
  { prefix: '/api/notices', load: async () => only((await import('./routes/venues/notices')).notices) },
  { prefix: '/api/joint-enforcement', load: async () => only((await import('./routes/venues/joint-enforcement')).jointEnforcement) },
  { prefix: '/api/plans', load: async () => only((await import('./routes/venues/plans')).plans) },
  { prefix: '/api/reports', load: async () => only((await import('./routes/reports')).reports) },
  {
    prefix: '/api/residents',
    load: async () => {
      const [households, registry, imports, personAdmin, dataKey] = await Promise.all([import('./routes/residents/households'), import('./routes/residents/registry'), import('./routes/residents/imports'), import('./routes/residents/person-admin'), import('./routes/residents/data-key')]);
      return [
        ['', imports.residentImports],
        ['', households.households],
        ['', registry.registry],
        ['', personAdmin.residentPersonAdmin],
        ['', dataKey.residentDataKey],
      ];
    },
  },
  {
    prefix: '/api/monitoring',
    load: async () => {
      const [episodes, readings] = await Promise.all([import('./routes/monitoring/episodes'), import('./routes/monitoring/readings')]);
      return [
        ['', episodes.monitoringEpisodes],
        ['', readings.monitoringReadings],
      ];
    },
  },
  // Self-registration (扫码登记) and venue check-ins: the staff's routes, and the public ones (no sign-in).
  { prefix: '/api/self-registration', load: async () => only((await import('./routes/self-registration/staff')).selfRegistrationStaff) },
  { prefix: '/api/check-ins', load: async () => only((await import('./routes/self-registration/check-ins')).checkIns) },
  { prefix: '/api/public', load: async () => only((await import('./routes/self-registration/public')).publicRegistrations) },
  {
    prefix: '/api/testing',
    load: async () => {
      const [rounds, records, labImports] = await Promise.all([import('./routes/testing/rounds'), import('./routes/testing/records'), import('./routes/testing/lab-imports')]);
      return [
        ['', rounds.testingRounds],
        ['', records.testingRecords],
        ['', labImports.testingLabImports],
      ];
    },
  },
  { prefix: '/api/checkpoints', load: async () => only((await import('./routes/checkpoints')).checkpointRoutes) },
  { prefix: '/api/pushed-lists', load: async () => only((await import('./routes/pushed-lists/lists')).pushedLists) },
  { prefix: '/api/pushed-tasks', load: async () => only((await import('./routes/pushed-lists/tasks')).pushedTasks) },
];
