/**
 * A stand-in for the Cognito user-pool endpoint (no AWS here), at the HTTP level: the app's real
 * client (shared/auth/cognito.ts) signs and sends its requests, and this answers them. Each call is
 * recorded with its operation (from X-Amz-Target), input and headers; answers are set per operation,
 * errors come back as AWS JSON errors (`{ __type, message }`).
 */
import { type CognitoCall, cognitoCalls } from '../../shared/auth/cognito';

export const FAKE_AWS_ENV = { AWS_REGION: 'cn-north-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session-token' };

type Answer = { output: unknown } | { error: string; message: string; status?: number };

export interface FakeCognito {
  call: CognitoCall;
  calls: { operation: string; input: any; headers: Headers; url: string }[];
  /** Answer `operation` with `output` until told otherwise. */
  on(operation: string, output: unknown): void;
  /** Answer `operation` with an error named like the SDK's exception. */
  fail(operation: string, error: string, message: string, status?: number): void;
  reset(): void;
}

export function fakeCognito(): FakeCognito {
  const answers = new Map<string, Answer>();
  const calls: FakeCognito['calls'] = [];
  const send = async (request: Request) => {
    const operation = (request.headers.get('x-amz-target') ?? '').replace(/^AWSCognitoIdentityProviderService\./, '');
    calls.push({ operation, input: await request.json(), headers: request.headers, url: request.url });
    const answer = answers.get(operation) ?? { error: 'InternalErrorException', message: `no answer set for ${operation}`, status: 500 };
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/x-amz-json-1.1' } });
    return 'output' in answer ? json(200, answer.output) : json(answer.status ?? 400, { __type: answer.error, message: answer.message });
  };
  return {
    call: cognitoCalls({ env: FAKE_AWS_ENV, send }),
    calls,
    on: (operation, output) => void answers.set(operation, { output }),
    fail: (operation, error, message, status) => void answers.set(operation, { error, message, status }),
    reset: () => {
      answers.clear();
      calls.length = 0;
    },
  };
}
