/**
 * Sign-in, in one of two modes (CDK context gridwatch:signIn, infra/settings.ts):
 *
 * `own-issuer` (the China regions, where Cognito user pools do not exist): an AWS KMS asymmetric
 * key (RSA_2048, SIGN_VERIFY) that signs the API's ID tokens (RS256, shared/auth/kms-issuer.ts);
 * passwords are scrypt hashes in the table, as locally. The issuer is `<web origin>/api/auth`, whose
 * JWKS the API serves. The API may only Sign with the key and read its public half.
 *
 * `cognito`: the user pool that holds every Gridwatch sign-in identity, and the web app's client.
 *
 * Users are created only by the API (AdminCreateUser, shared/auth/identity.ts) with the username
 * `<tenant>:<user id>` and the custom attributes below; the API reads them back from ID tokens
 * (shared/auth/claims.ts). Users themselves can never write a custom attribute: that would let
 * anyone move themselves into another tenant or grant themselves a role.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import type { SignInMode } from '../settings';
import type { NodeFunction } from './node-function';

/** What the API does in the user pool (shared/auth/identity.ts, shared/auth/sign-in.ts). */
export const USER_POOL_ACTIONS = [
  'cognito-idp:AdminInitiateAuth',
  'cognito-idp:AdminRespondToAuthChallenge',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminDeleteUser',
] as const;

/** What the API does with the own issuer's key (shared/auth/kms-issuer.ts). */
export const TOKEN_KEY_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'] as const;

/** The audience (aud) of the own issuer's ID tokens. */
export const OWN_ISSUER_AUDIENCE = 'gridwatch';

export interface AuthProps {
  readonly mode: SignInMode;
  /** https://<web domain>: the own issuer is <web origin>/api/auth. */
  readonly webOrigin: string;
}

/** The custom attributes, without the `custom:` prefix Cognito adds (claims: custom:tenant …). */
const CUSTOM_ATTRIBUTES = ['tenant', 'roles', 'grids', 'kinds'] as const;

export class Auth extends Construct {
  readonly mode: SignInMode;
  /** The ID tokens' issuer (iss) and audience (aud), as the API verifies them. */
  readonly issuer: string;
  readonly audience: string;
  /** Cognito mode. */
  readonly userPool?: UserPool;
  readonly webClient?: UserPoolClient;
  /** Own-issuer mode: the KMS key that signs the ID tokens. */
  readonly tokenKey?: Key;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.mode = props.mode;
    if (props.mode === 'own-issuer') {
      this.tokenKey = new Key(this, 'TokenKey', {
        description: 'Gridwatch: signs the API\'s ID tokens (RS256); the private key never leaves KMS',
        keySpec: KeySpec.RSA_2048,
        keyUsage: KeyUsage.SIGN_VERIFY,
        // A new key only signs everyone out (tokens live 8 hours); kept anyway, so that a stack
        // deletion cannot take the sign-in key with it by accident.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.issuer = `${props.webOrigin}/api/auth`;
      this.audience = OWN_ISSUER_AUDIENCE;
      return;
    }
    const userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      standardAttributes: { fullname: { required: false, mutable: true } },
      customAttributes: Object.fromEntries(CUSTOM_ATTRIBUTES.map((name) => [name, new StringAttribute({ mutable: true })])),
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Users have no e-mail or phone in the pool: a tenant admin resets passwords (through the API).
      accountRecovery: AccountRecovery.NONE,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.userPool = userPool;
    this.webClient = userPool.addClient('WebClient', {
      userPoolClientName: 'gridwatch-web',
      generateSecret: false,
      // The web app signs in through the API (POST /api/auth/login → AdminInitiateAuth), the same
      // contract as locally; SRP stays allowed for native clients. No hosted UI / OAuth flows.
      authFlows: { userSrp: true, adminUserPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }).withCustomAttributes(...CUSTOM_ATTRIBUTES),
      // Must not be empty (Cognito then lets the client write every standard attribute) and must
      // never contain a custom attribute.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
    });

    acknowledge(userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is OPTIONAL (TOTP) rather than REQUIRED: users are created by tenant admins without e-mail or phone, and the web sign-in does not yet handle the TOTP set-up challenge. Plus-tier threat protection (FULL_FUNCTION) covers compromised credentials and risky sign-ins meanwhile. Switch to Mfa.REQUIRED once the web app supports TOTP enrolment.',
      },
    ]);
    // https://cognito-idp.<region>.amazonaws.com/<pool id>
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${userPool.userPoolId}`;
    this.audience = this.webClient.userPoolClientId;
  }

  /** The API functions' settings for sign-in and token verification (shared/config.ts). */
  get environment(): Record<string, string> {
    return {
      GRIDWATCH_SIGN_IN: this.mode,
      GRIDWATCH_JWT_ISSUER: this.issuer,
      GRIDWATCH_JWT_AUDIENCE: this.audience,
      ...(this.userPool ? { GRIDWATCH_USER_POOL_ID: this.userPool.userPoolId } : {}),
      ...(this.tokenKey ? { GRIDWATCH_TOKEN_KEY_ID: this.tokenKey.keyArn } : {}),
    };
  }

  /** What the web app reads from /config.json (public values only). */
  get webConfig(): Record<string, string> {
    return {
      signIn: this.mode,
      ...(this.userPool && this.webClient ? { userPoolId: this.userPool.userPoolId, userPoolClientId: this.webClient.userPoolClientId } : {}),
    };
  }

  /** Let a function sign users in and manage them: the pool's admin operations, or signing with the key. */
  grantSignIn(fn: NodeFunction): void {
    if (this.userPool) fn.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'UserPool', actions: [...USER_POOL_ACTIONS], resources: [this.userPool.userPoolArn] }));
    if (this.tokenKey) fn.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'TokenKey', actions: [...TOKEN_KEY_ACTIONS], resources: [this.tokenKey.keyArn] }));
  }
}
