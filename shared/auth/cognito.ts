/**
 * The Cognito SDK, loaded on first use: sign-ins and user changes are rare next to every other
 * request, so the SDK stays off the API Lambda's cold start.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { onFirstUse } from '../lazy';

export type CognitoSdk = typeof import('@aws-sdk/client-cognito-identity-provider');
export type CognitoAccess = () => Promise<{ sdk: CognitoSdk; client: CognitoIdentityProviderClient }>;

const loadSdk = (): Promise<CognitoSdk> => import('@aws-sdk/client-cognito-identity-provider');

/** A client made on first use (Lambda). */
export const lazyCognito = (): CognitoAccess => onFirstUse(async () => {
  const sdk = await loadSdk();
  return { sdk, client: new sdk.CognitoIdentityProviderClient({}) };
});

/** A given client (tests). */
export const cognitoWith = (client: CognitoIdentityProviderClient): CognitoAccess => async () => ({ sdk: await loadSdk(), client });
