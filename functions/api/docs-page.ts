/**
 * The API documentation page (GET /api/docs): one self-contained HTML page rendered from the OpenAPI
 * document — every operation with its method, path, summary, roles (`x-roles`), parameters, request
 * body and responses, the schemas written as compact types. No scripts, no CDN, no external assets.
 * Loaded with `import()` by that one route, so it is not on the cold path of any other.
 */

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  additionalProperties?: boolean | Schema;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
  description?: string;
};

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
  description?: string;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  'x-roles'?: string[] | 'public';
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }>; required?: boolean };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApiDocument {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** A schema as a compact, TypeScript-like type: `{ id: string; note?: string (≤ 500) }`, `'a' | 'b'`, `T[]`. */
function typeText(schema: Schema | undefined, indent = 0, depth = 0): string {
  if (!schema) return 'unknown';
  if (depth > 12) return '…';
  if (schema.$ref) return schema.$ref.split('/').pop() ?? 'ref';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return alt.map((s) => typeText(s, indent, depth + 1)).join(' | ');
  if (schema.allOf) return schema.allOf.map((s) => typeText(s, indent, depth + 1)).join(' & ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable = types.includes('null');
  const type = types.find((t) => t !== 'null') ?? (schema.properties ? 'object' : undefined);
  let text: string;
  if (type === 'object') {
    const entries = Object.entries(schema.properties ?? {});
    if (!entries.length) {
      text = schema.additionalProperties && typeof schema.additionalProperties === 'object' ? `Record<string, ${typeText(schema.additionalProperties, indent, depth + 1)}>` : '{}';
    } else {
      const pad = '  '.repeat(indent + 1);
      const required = new Set(schema.required ?? []);
      const lines = entries.map(([name, s]) => `${pad}${name}${required.has(name) ? '' : '?'}: ${typeText(s, indent + 1, depth + 1)}`);
      text = `{\n${lines.join(';\n')}\n${'  '.repeat(indent)}}`;
    }
  } else if (type === 'array') {
    const item = typeText(schema.items, indent, depth + 1);
    text = /[\s|&]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
  } else {
    text = type ?? 'unknown';
    const notes: string[] = [];
    if (schema.format) notes.push(schema.format);
    if (schema.minLength !== undefined || schema.maxLength !== undefined) notes.push(`length ${schema.minLength ?? 0}–${schema.maxLength ?? '∞'}`);
    if (schema.minimum !== undefined || schema.maximum !== undefined) notes.push(`${schema.minimum ?? '−∞'}–${schema.maximum ?? '∞'}`);
    if (schema.pattern) notes.push(`/${schema.pattern}/`);
    if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
    if (notes.length) text += ` (${notes.join(', ')})`;
  }
  return nullable ? `${text} | null` : text;
}

const code = (s: string) => `<pre><code>${escapeHtml(s)}</code></pre>`;

function operationHtml(method: string, path: string, op: Operation, anchor: string): string {
  const roles = op['x-roles'] === 'public' ? '公开 public' : (op['x-roles'] ?? []).join(', ') || '—';
  const params = (op.parameters ?? [])
    .map((p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? '是 yes' : '否 no'}</td><td><code>${escapeHtml(typeText(p.schema))}</code></td></tr>`)
    .join('');
  const body = Object.entries(op.requestBody?.content ?? {})
    .map(([type, c]) => `<h4>请求体 Request body <small>${escapeHtml(type)}</small></h4>${code(typeText(c.schema))}`)
    .join('');
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => {
      const contents = Object.entries(r.content ?? {});
      const detail = contents.map(([type, c]) => `<div class="ct">${escapeHtml(type)}</div>${code(typeText(c.schema))}`).join('');
      const summary = `<b>${escapeHtml(status)}</b> ${escapeHtml(r.description ?? '')}`;
      return status.startsWith('2') ? `<div class="resp">${summary}${detail}</div>` : `<details class="resp"><summary>${summary}</summary>${detail}</details>`;
    })
    .join('');
  return `<section class="op" id="${anchor}">
<h3><span class="m m-${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}</p>${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
<p class="roles">角色 Roles: <b>${escapeHtml(roles)}</b></p>
${params ? `<h4>参数 Parameters</h4><table><tr><th>name</th><th>in</th><th>必填 required</th><th>type</th></tr>${params}</table>` : ''}
${body}
<h4>响应 Responses</h4>${responses}
</section>`;
}

export function renderDocsPage(document: object): string {
  const doc = document as OpenApiDocument;
  const ops: { tag: string; method: string; path: string; op: Operation; anchor: string }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) ops.push({ tag: op.tags?.[0] ?? 'other', method, path, op, anchor: `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}` });
    }
  }
  const tags = [...new Set(ops.map((o) => o.tag))];
  const toc = tags
    .map((tag) => `<li><b>${escapeHtml(tag)}</b><ul>${ops.filter((o) => o.tag === tag).map((o) => `<li><a href="#${o.anchor}"><span class="m m-${o.method}">${o.method.toUpperCase()}</span> ${escapeHtml(o.path)}</a></li>`).join('')}</ul></li>`)
    .join('');
  const sections = tags.map((tag) => `<h2>${escapeHtml(tag)}</h2>${ops.filter((o) => o.tag === tag).map((o) => operationHtml(o.method, o.path, o.op, o.anchor)).join('')}`).join('');
  const title = `${doc.info?.title ?? 'API'} ${doc.info?.version ?? ''}`.trim();
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>接口文档 · ${escapeHtml(title)}</title>
<style>
body{font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;display:flex;color:#1f2328}
nav{width:320px;flex:none;height:100vh;overflow:auto;position:sticky;top:0;border-right:1px solid #d0d7de;padding:12px;box-sizing:border-box;background:#f6f8fa;font-size:12px}
nav ul{list-style:none;padding-left:8px;margin:4px 0}nav a{color:inherit;text-decoration:none}
main{flex:1;padding:16px 24px;min-width:0}
.op{border:1px solid #d0d7de;border-radius:6px;padding:8px 16px;margin:12px 0}
.m{display:inline-block;min-width:52px;text-align:center;border-radius:4px;color:#fff;font-size:11px;font-weight:600;padding:1px 4px}
.m-get{background:#0969da}.m-post{background:#1a7f37}.m-put{background:#9a6700}.m-patch{background:#8250df}.m-delete{background:#cf222e}
pre{background:#f6f8fa;padding:8px;border-radius:4px;overflow:auto;max-height:420px;font-size:12px}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:2px 8px;text-align:left;vertical-align:top}
.roles{color:#57606a}.resp{margin:4px 0}.ct{color:#57606a;font-size:12px}
@media (max-width:800px){body{display:block}nav{width:auto;height:auto;position:static}}
</style></head>
<body><nav><b>${escapeHtml(title)}</b><p>${escapeHtml(doc.info?.description ?? '')}</p><p><a href="/api/openapi.json">openapi.json</a></p><ul>${toc}</ul></nav>
<main><h1>接口文档 API documentation</h1>
<p>${ops.length} 个接口 operations. 认证: <code>Authorization: Bearer &lt;ID token&gt;</code>; 每个接口列出允许的角色 (x-roles). Authentication: a Bearer ID token; each operation lists the roles allowed to call it.</p>
${sections}</main></body></html>`;
}
