// A first small page: sign in and see your tenant's grid tree. The full app comes with the web issue.
const app = document.querySelector<HTMLElement>('#app')!;

function h(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

function loginForm() {
  const form = h('form', {},
    h('h1', {}, '网格通 Gridwatch'),
    h('label', {}, '租户 Tenant ', h('input', { name: 'tenant', required: '', value: 'longhu' })),
    h('label', {}, '用户名 Username ', h('input', { name: 'username', required: '' })),
    h('label', {}, '密码 Password ', h('input', { name: 'password', type: 'password', required: '' })),
    h('button', { type: 'submit' }, '登录 Sign in'),
    h('p', { id: 'error', role: 'alert' }),
  ) as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(new FormData(form));
    const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) {
      form.querySelector('#error')!.textContent = json.message;
      return;
    }
    sessionStorage.setItem('token', json.token);
    void home();
  });
  app.replaceChildren(form);
}

async function home() {
  const token = sessionStorage.getItem('token');
  if (!token) return loginForm();
  const headers = { authorization: `Bearer ${token}` };
  const me = await fetch('/api/me', { headers });
  if (!me.ok) {
    sessionStorage.removeItem('token');
    return loginForm();
  }
  const actor = await me.json();
  const grids = await fetch('/api/grids', { headers }).then((r) => (r.ok ? r.json() : { items: [] }));
  const list = h('ul', {}, ...grids.items.map((g: { name: string; level: number }) => h('li', { style: `margin-left:${(g.level - 1) * 1.5}em` }, g.name)));
  const out = h('button', {}, '退出 Sign out');
  out.addEventListener('click', () => {
    sessionStorage.removeItem('token');
    loginForm();
  });
  app.replaceChildren(h('h1', {}, '网格通 Gridwatch'), h('p', {}, `${actor.tenantId} · ${actor.userId} · ${actor.roles.join(', ')}`), h('h2', {}, '网格 Grids'), list, out);
}

void home();
