/** Starts one in-memory DynamoDB Local for the whole test run and creates the table. */
import type { TestProject } from 'vitest/node';
import { ensureTable, startDynamoLocal } from '../../local/dynamodb';
import { TEST_TABLE } from './constants';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  await ensureTable(dynamo.endpoint, TEST_TABLE);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
