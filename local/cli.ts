/**
 * What the local command-line tools (`npm run import`, `npm run plan`) share: ending with a message,
 * and calling the running API as a signed-in user.
 */

/**
 * The arguments of a tool that signs in as a tenant admin: `--tenant`, `--user` (default admin),
 * `--password` (default `defaultPassword` or GRIDWATCH_PASSWORD), `--url` (default GRIDWATCH_URL or
 * the local system), and readers for the tool's own flags and options.
 */
export function adminArgs(args: readonly string[], defaultPassword: string) {
  const flag = (name: string) => args.includes(`--${name}`);
  const option = (name: string, fallback?: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] && !args[i + 1].startsWith('--') ? args[i + 1] : fallback;
  };
  return {
    flag,
    option,
    tenant: option('tenant'),
    url: option('url', process.env.GRIDWATCH_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`) as string,
    user: option('user', 'admin') as string,
    password: option('password', process.env.GRIDWATCH_PASSWORD ?? defaultPassword) as string,
  };
}

/** Print the message and exit 1. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/**
 * Calls to the API at `base` (e.g. http://127.0.0.1:8787) with JSON bodies, carrying the token once
 * signed in. No answer, or an error answer, ends the tool with a message naming the call.
 */
export function apiClient(base: string) {
  const root = base.replace(/\/+$/, '');
  let token: string | undefined;

  // biome-ignore lint/suspicious/noExplicitAny: the tools read the answers they print
  async function call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    let res: Response;
    try {
      res = await fetch(`${root}${path}`, {
        method,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      fail(`cannot reach ${root} (${(error as Error).cause ?? (error as Error).message}); is the server running (npm start)? (or pass --url)`);
    }
    const text = await res.text();
    let answer: unknown = text;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: shown as text
    }
    if (!res.ok) {
      const b = answer as { message?: string; error?: string } | undefined;
      fail(`${method} ${path}: ${res.status} ${b?.message ?? b?.error ?? text.slice(0, 200)}`);
    }
    return { status: res.status, body: answer as T };
  }

  return {
    base: root,
    call,
    /** Sign in (POST /api/auth/login); later calls carry the token, which is returned too. */
    async signIn(tenant: string, username: string, password: string): Promise<string> {
      token = (await call<{ token: string }>('POST', '/api/auth/login', { tenant, username, password })).body.token;
      return token;
    },
  };
}
