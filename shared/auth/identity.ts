/**
 * Where sign-in identities live. Gridwatch keeps every user's profile (roles, grids) in its table;
 * the identity directory is told about each change so that the tokens it issues carry the same
 * claims. Locally the dev issuer signs from the table itself (password hash in the user item),
 * so there is nothing to tell. In AWS, the Cognito user pool holds the identity: users are created
 * and updated there with the tenant, roles, grids and venue kinds as custom attributes.
 */
import type { CognitoCall } from './cognito';
import type { User } from '../domain/user';
import { CLAIM, signInName } from './claim-names';

export interface IdentityDirectory {
  /** After the user item is stored. If this throws, the caller removes the item again. */
  created(tenantId: string, user: User, password: string): Promise<void>;
  /** After the user item changed. */
  updated(tenantId: string, user: User, change: { password?: string; statusChanged: boolean }): Promise<void>;
  /** Undo `created` (used when a later step fails). */
  removed(tenantId: string, userId: string): Promise<void>;
}

/** The local dev issuer reads the table directly: nothing else to keep in step. */
export const tableIdentity: IdentityDirectory = {
  created: async () => {},
  updated: async () => {},
  removed: async () => {},
};

const attributes = (tenantId: string, user: User) => [
  { Name: CLAIM.tenant, Value: tenantId },
  { Name: CLAIM.roles, Value: user.roles.join(',') },
  { Name: CLAIM.grids, Value: user.gridIds.join(',') },
  { Name: CLAIM.venueKinds, Value: user.venueKinds.join(',') },
  { Name: 'name', Value: user.displayName },
];

export function cognitoIdentity(cognito: CognitoCall, userPoolId: string): IdentityDirectory {
  return {
    async created(tenantId, user, password) {
      await cognito('AdminCreateUser', {
        UserPoolId: userPoolId,
        Username: signInName(tenantId, user.id),
        TemporaryPassword: password,
        MessageAction: 'SUPPRESS',
        UserAttributes: attributes(tenantId, user),
      });
    },
    async updated(tenantId, user, change) {
      const Username = signInName(tenantId, user.id);
      await cognito('AdminUpdateUserAttributes', { UserPoolId: userPoolId, Username, UserAttributes: attributes(tenantId, user) });
      if (change.password) {
        // An admin reset: the user must choose a new password at the next sign-in.
        await cognito('AdminSetUserPassword', { UserPoolId: userPoolId, Username, Password: change.password, Permanent: false });
      }
      if (change.statusChanged) {
        // Disabled and removed users alike cannot sign in; a removed user's name stays taken (history).
        await cognito(user.status === 'active' ? 'AdminEnableUser' : 'AdminDisableUser', { UserPoolId: userPoolId, Username });
      }
    },
    async removed(tenantId, userId) {
      await cognito('AdminDeleteUser', { UserPoolId: userPoolId, Username: signInName(tenantId, userId) });
    },
  };
}
