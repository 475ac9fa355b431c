/** Generated venue CSV files for import tests and the import benchmark. */

export const IMPORT_HEADER = '外部编号,名称,类别,网格,地址,纬度,经度,联系人,电话,风险等级';

const KINDS = ['门店', '商超', '餐馆', 'restaurant', '企业', '网吧', '棋牌室', 'hotel'];
const RISKS = ['红', '黄', '绿', 'green'];
const SURNAMES = '王李张刘陈杨赵黄周吴';

/**
 * `rows` venues spread over `gridIds`, external ids `<prefix>-000001` …; `variant` is put before the
 * names (a re-import with changes) of every row, or of every `variantEvery`-th row. `padAddress`
 * makes each line longer (bodies over 1 MiB).
 */
export function venueCsv(options: { prefix: string; rows: number; gridIds: string[]; variant?: string; variantEvery?: number; padAddress?: number; start?: number }): string {
  const lines = [IMPORT_HEADER];
  const pad = '临街商铺'.repeat(options.padAddress ?? 0);
  for (let i = options.start ?? 1; i < (options.start ?? 1) + options.rows; i++) {
    const n = String(i).padStart(6, '0');
    const grid = options.gridIds[i % options.gridIds.length];
    const changed = options.variant && i % (options.variantEvery ?? 1) === 0;
    const name = `${changed ? options.variant : ''}测试场所${n}号${i % 7 === 0 ? '（分店, 二部）' : ''}`;
    const address = i % 11 === 0 ? `"${grid} 片区 ${i} 号\n${pad}"` : `"${grid} 片区 ${i} 号, ${pad}"`;
    lines.push(
      [
        `${options.prefix}-${n}`,
        name.includes(',') ? `"${name}"` : name,
        KINDS[i % KINDS.length],
        grid,
        address,
        (34 + (i % 1000) / 10_000).toFixed(4),
        (113 + (i % 997) / 10_000).toFixed(4),
        `${SURNAMES[i % SURNAMES.length]}经理`,
        `139${String(i).padStart(8, '0')}`,
        RISKS[i % RISKS.length],
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

type Call = (method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }) => Promise<{ status: number; body: any }>;

/**
 * A venue import as the web app and the CLI make it: announce the file (POST /api/venues/imports),
 * PUT it where the answer says (the local store: the API's own route, with the token), start it.
 * Returns the first answer that is not a success, else the start's (202, the import).
 */
export async function importVenueCsv(call: Call, token: string, csv: string | Uint8Array, fileName = 'venues.csv') {
  const announced = await call('POST', '/api/venues/imports', { token, body: { fileName, size: Buffer.byteLength(csv) } });
  if (announced.status !== 201) return announced;
  const { upload, import: created } = announced.body;
  const put = await call(upload.method, upload.url, { token: upload.authorization === 'bearer' ? token : undefined, body: csv, headers: upload.headers });
  if (put.status !== 204) return put;
  return call('POST', `/api/venues/imports/${created.id}/start`, { token });
}
