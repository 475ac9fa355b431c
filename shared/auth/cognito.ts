/**
 * The Cognito user pool (AWS): its operations by name, with the inputs and outputs the AWS API
 * reference gives (AWSCognitoIdentityProviderService, JSON 1.1), signed with the function's
 * credentials (shared/aws/signed-requests.ts). Sign-ins and user changes are rare next to every
 * other request; nothing of this loads before the first of them.
 */
import { type AwsEnvironment, awsService, jsonCall, serviceHost } from '../aws/signed-requests';
import { onFirstUse } from '../lazy';

/** One user-pool operation, e.g. `cognito('AdminCreateUser', { UserPoolId, Username, … })`. */
export type CognitoCall = <T = Record<string, unknown>>(operation: string, input: Record<string, unknown>) => Promise<T>;

/** Calls to the pool of the function's region; `send` replaces the network in tests. */
export function cognitoCalls(options: { env?: AwsEnvironment; send?: (request: Request) => Promise<Response> } = {}): CognitoCall {
  const service = onFirstUse(() => awsService('cognito-idp', options));
  return async <T>(operation: string, input: Record<string, unknown>) => {
    const pool = await service();
    return jsonCall<T>(pool, `https://${serviceHost('cognito-idp', pool.region)}/`, `AWSCognitoIdentityProviderService.${operation}`, input, '1.1');
  };
}
