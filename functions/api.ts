/** Lambda entry point for the API: the same Hono app the local server runs. */
import { handle } from 'hono/aws-lambda';
import { createApp } from './api/app';
import { lambdaDeps } from './api/lambda-deps';

export const handler = handle(createApp(lambdaDeps()));
