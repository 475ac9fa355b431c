/**
 * Lambda entry point for the HTTP API: the Hono app with every route group but the file routes,
 * which the files function serves (functions/api-stream.ts), and the OpenAPI document shipped
 * beside the bundle.
 */
import { handle } from 'hono/aws-lambda';
import { API_ROUTE_GROUPS } from './api/api-route-groups';
import { buildApp, claimApiPaths } from './api/build-app';
import { bundledOpenApiDocument, serveDocs } from './api/docs-routes';
import { lambdaDeps } from './api/lambda-deps';

export const handler = handle(claimApiPaths(serveDocs(buildApp(lambdaDeps(), API_ROUTE_GROUPS), bundledOpenApiDocument)));
