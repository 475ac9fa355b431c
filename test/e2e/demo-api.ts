/** The local system's API as a demo user, for setting the scene a browser test then shows. */
import { DEMO_PASSWORD } from './harness';

export type DemoCall = (method: string, path: string, body?: unknown) => Promise<any>;

/** Signs in as a demo user; the call throws on a non-2xx answer, naming it. */
export async function demoApi(url: string, username: string, tenant = 'longhu'): Promise<DemoCall> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, username, password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  return async (method, path, body) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
}
