/**
 * The floor for bench/lambda.bench.ts: the least a Lambda of this stack can be — a hello-world Hono
 * handler that makes one DynamoDB GetItem (DocumentClient, as the app uses), bundled like the real
 * functions. Not deployed.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const table = process.env.GRIDWATCH_TABLE ?? 'gridwatch';

const app = new Hono();
app.get('/hello/:id', async (c) => {
  const out = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'HELLO', sk: c.req.param('id') } }));
  return c.json({ hello: out.Item ?? null });
});

export const handler = handle(app);
