/**
 * `npm run bootstrap-admin -- --user root [--name 平台管理员]`: create the first platform admin of a
 * deployment (infra/bootstrap-admin.ts), with the password from GRIDWATCH_ADMIN_PASSWORD (so it is
 * in no shell history: `read -rs GRIDWATCH_ADMIN_PASSWORD; export GRIDWATCH_ADMIN_PASSWORD`).
 *
 * Settings as the API reads them (shared/config.ts), from the stack's outputs: GRIDWATCH_TABLE,
 * GRIDWATCH_SIGN_IN (cognito | own-issuer) and, with Cognito, GRIDWATCH_USER_POOL_ID; AWS_REGION and
 * credentials in the environment (`eval "$(aws configure export-credentials --format env)"`).
 */
import { cognitoCalls } from '../shared/auth/cognito';
import { cognitoIdentity, tableIdentity } from '../shared/auth/identity';
import { tableNameFromEnv } from '../shared/config';
import { createDb } from '../shared/data/db';
import { bootstrapPlatformAdmin } from './bootstrap-admin';

const args = process.argv.slice(2);
const option = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] && !args[i + 1].startsWith('--') ? args[i + 1] : fallback;
};
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const userId = option('user') ?? fail('usage: GRIDWATCH_ADMIN_PASSWORD=… npm run bootstrap-admin -- --user root [--name 平台管理员]');
const password = process.env.GRIDWATCH_ADMIN_PASSWORD ?? fail('GRIDWATCH_ADMIN_PASSWORD is not set');
const mode = process.env.GRIDWATCH_SIGN_IN ?? fail('GRIDWATCH_SIGN_IN is not set (cognito or own-issuer: the stack output SignInMode)');
const identity =
  mode === 'cognito'
    ? cognitoIdentity(cognitoCalls(), process.env.GRIDWATCH_USER_POOL_ID ?? fail('GRIDWATCH_USER_POOL_ID is not set (the stack output UserPoolId)'))
    : mode === 'own-issuer'
      ? tableIdentity
      : fail(`GRIDWATCH_SIGN_IN must be cognito or own-issuer, not ${mode}`);

try {
  const user = await bootstrapPlatformAdmin({ db: createDb(tableNameFromEnv()), identity, userId, displayName: option('name', '平台管理员') as string, password, now: new Date() });
  console.log(`platform admin ${user.id} created (${mode}); sign in with tenant "platform"${mode === 'cognito' ? ': the first sign-in asks for a new password' : ''}`);
} catch (error) {
  fail(`not created: ${(error as Error).message}`);
}
