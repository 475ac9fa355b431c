/**
 * Cognito: the user pool that holds every Gridwatch sign-in identity, and the web app's client.
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
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

/** The custom attributes, without the `custom:` prefix Cognito adds (claims: custom:tenant …). */
const CUSTOM_ATTRIBUTES = ['tenant', 'roles', 'grids', 'kinds'] as const;

export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
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

    this.webClient = this.userPool.addClient('WebClient', {
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

    acknowledge(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is OPTIONAL (TOTP) rather than REQUIRED: users are created by tenant admins without e-mail or phone, and the web sign-in does not yet handle the TOTP set-up challenge. Plus-tier threat protection (FULL_FUNCTION) covers compromised credentials and risky sign-ins meanwhile. Switch to Mfa.REQUIRED once the web app supports TOTP enrolment.',
      },
    ]);
  }

  /** The ID token issuer: https://cognito-idp.<region>.amazonaws.com/<pool id>. */
  get issuer(): string {
    return `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
  }
}
