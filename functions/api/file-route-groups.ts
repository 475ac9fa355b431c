/**
 * The file routes: exports (CSV, xlsx) and venue-code images. In AWS the files function
 * (functions/api-stream.ts, Lambda response streaming) serves them and the API function does not,
 * so the export writers and the QR encoder are in the files function's bundle only. CloudFront sends
 * it these paths (STREAMED_PATHS, infra/constructs/api.ts). Each group names its paths: they share
 * their prefix with a group of the API (api-route-groups.ts), and must not take the rest of it.
 */
import { only, type RouteGroup } from './route-groups';

export const FILE_ROUTE_GROUPS: readonly RouteGroup[] = [
  {
    prefix: '/api/problems',
    paths: ['/export.csv', '/export.xlsx'],
    load: async () => only((await import('./routes/venues/problem-exports')).problemExports),
  },
  {
    prefix: '/api/venues',
    paths: ['/:venueId/history.csv', '/:venueId/history.xlsx', '/:venueId/code.png', '/:venueId/code.svg'],
    load: async () => only((await import('./routes/venues/venue-files')).venueFiles),
  },
  {
    prefix: '/api/venues',
    paths: ['/:venueId/code.html'],
    load: async () => only((await import('./routes/venues/code-sheets')).venueCodePages),
  },
  {
    prefix: '/api/grids',
    paths: ['/:gridId/codes.html'],
    load: async () => only((await import('./routes/venues/code-sheets')).gridCodeSheets),
  },
  {
    prefix: '/api/residents',
    paths: ['/exports/persons.csv', '/exports/audit.csv'],
    load: async () => only((await import('./routes/residents/exports')).residentExports),
  },
  {
    prefix: '/api/self-registration',
    paths: ['/codes/:codeId/poster.html'],
    load: async () => only((await import('./routes/self-registration/posters')).registrationPosters),
  },
  {
    prefix: '/api/pushed-lists',
    paths: ['/:listId/export.csv'],
    load: async () => only((await import('./routes/pushed-lists/exports')).pushedListExports),
  },
];
