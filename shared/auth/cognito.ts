/**
 * The Cognito user pool (AWS): its operations by name, with the inputs and outputs the AWS API
 * reference gives (AWSCognitoIdentityProviderService, JSON 1.1), signed with the function's
 * credentials (shared/aws/signed-requests.ts). Sign-ins and user changes are rare next to every
 * other request; nothing of this loads before the first of them.
 */
import { type AwsEnvironment, type AwsJsonCall, awsJsonCalls } from '../aws/signed-requests';

/** One user-pool operation, e.g. `cognito('AdminCreateUser', { UserPoolId, Username, … })`. */
export type CognitoCall = AwsJsonCall;

/** Calls to the pool of the function's region; `send` replaces the network in tests. */
export const cognitoCalls = (options: { env?: AwsEnvironment; send?: (request: Request) => Promise<Response> } = {}): CognitoCall =>
  awsJsonCalls('cognito-idp', 'AWSCognitoIdentityProviderService', '1.1', options);
