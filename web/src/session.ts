/**
 * Who is signed in. The token lives in memory and in localStorage, so an inspector who closes the
 * tab can reopen the app offline and still see and sync the outbox; the token expires after one
 * 8-hour shift anyway, and signing out clears it. The user, roles and tenant profile are kept with
 * it, so the shell renders offline without calling the API.
 */
import type { Role } from '../../shared/domain/actor';
import type { Tenant } from '../../shared/domain/tenant';
import type { User } from '../../shared/domain/user';
import { Store } from './store';

export interface Session {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  tenant: string;
  user: User;
  /** Absent for the platform admin, and until it has been loaded once. */
  tenantProfile?: Tenant;
}

export type SignInNotice = 'expired' | 'signedOut' | undefined;

const KEY = 'gridwatch.session';
const TENANT_KEY = 'gridwatch.lastTenant';

function load(now = Date.now()): Session | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > now ? session : undefined;
  } catch {
    return undefined;
  }
}

export const session = new Store<Session | undefined>(typeof localStorage === 'undefined' ? undefined : load());
export const signInNotice = new Store<SignInNotice>(undefined);

session.subscribe((value) => {
  try {
    if (value) localStorage.setItem(KEY, JSON.stringify(value));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage full or blocked: the session lasts in memory only.
  }
});

export function startSession(value: Session): void {
  try {
    localStorage.setItem(TENANT_KEY, value.tenant);
  } catch {}
  signInNotice.set(undefined);
  session.set(value);
}

export function endSession(notice: SignInNotice): void {
  signInNotice.set(notice);
  session.set(undefined);
}

export function lastTenant(): string {
  try {
    return localStorage.getItem(TENANT_KEY) ?? '';
  } catch {
    return '';
  }
}

export const currentToken = () => {
  const s = session.value;
  return s && s.expiresAt > Date.now() ? s.token : undefined;
};

export const roles = (): Role[] => session.value?.user.roles ?? [];

/** Who owns queued offline submissions: they are only ever sent as this same user. */
export const ownerKey = () => (session.value ? `${session.value.tenant}/${session.value.user.id}` : undefined);
