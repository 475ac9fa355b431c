/**
 * A generated resident register (人员登记表) with the headers people use, for the import benchmark,
 * the integration test and `npx tsx bench/resident-file.ts --out town.csv`: households of 1–5 people
 * under a 户号, valid resident ID numbers (GB 11643 check digit), phones, and the person categories in
 * exactly the numbers asked. SEED_TOWN is the seed town's count: 210,186 people.
 *
 *   npx tsx bench/resident-file.ts --out town.csv [--people 210186] [--grids lh-1-taishan-1,lh-1-taishan-2]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { residentIdCheckChar } from '../shared/domain/residents/id-number';
import { RESIDENT_TEMPLATE_HEADER } from '../shared/domain/residents/import';

/** The seed town (../shared/DOMAIN.md): 162,651 本地常住 / 11,760 外地常住 / 12,569 本地暂住 / 23,206 外地暂住. */
export const SEED_TOWN = { 本地常住: 162_651, 外地常住: 11_760, 本地暂住: 12_569, 外地暂住: 23_206 } as const;
export const SEED_TOWN_CODES = { 'local-permanent': 162_651, 'nonlocal-permanent': 11_760, 'local-temporary': 12_569, 'nonlocal-temporary': 23_206 } as const;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉春梅德林海波宁辉鑫浩宇欣怡子涵博文佳琪俊雨晨';
const RELATIONS = ['户主', '配偶', '子女', '子女', '父母'];

/** Person i's resident ID: region 410184 (新郑市), a birth date from 1940 on, a sequence, the check digit. */
export function generatedId(i: number, region = '410184'): string {
  const days = i % 29_000;
  const born = new Date(Date.UTC(1940, 0, 1) + days * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${region}${born}${String(Math.floor(i / 29_000) * 7 + (i % 7)).padStart(3, '0')}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

export interface ResidentFileOptions {
  /** Category (as written in the file) → how many people; the total is their sum. */
  categories: Record<string, number>;
  /** Grids, as the file names them (code, path or name), each for an equal block of the file. */
  grids: string[];
  /** Prefix of the 户号 (households of two files with other prefixes never meet). */
  prefix?: string;
  /** Region digits of the ID numbers (two files with other regions share no one). */
  region?: string;
}

/** The rows (header first), lazily: 210,186 people never sit in memory. */
export function* residentRows(o: ResidentFileOptions): Generator<string[]> {
  yield [...RESIDENT_TEMPLATE_HEADER];
  const names = Object.keys(o.categories);
  const targets = names.map((n) => o.categories[n]);
  const total = targets.reduce((a, b) => a + b, 0);
  const assigned = names.map(() => 0);
  let household = 0;
  let left = 0;
  let member = 0;
  let grid = o.grids[0];
  for (let i = 0; i < total; i++) {
    if (left === 0) {
      household++;
      left = 1 + ((household * 7) % 5); // 1–5 people, 3 on average
      member = 0;
      // Grids in blocks, as a register sorted by 户号 has them: a village's households one after another.
      grid = o.grids[Math.min(o.grids.length - 1, Math.floor((i * o.grids.length) / total))];
    }
    // The category furthest behind its share so far: exact totals, spread evenly through the file.
    let pick = 0;
    let behind = -Infinity;
    for (let c = 0; c < names.length; c++) {
      const gap = (targets[c] * (i + 1)) / total - assigned[c];
      if (gap > behind && assigned[c] < targets[c]) {
        behind = gap;
        pick = c;
      }
    }
    assigned[pick]++;

    const name = `${SURNAMES[household % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i % 3 ? GIVEN[(i * 13) % GIVEN.length] : ''}`;
    const building = 1 + (household % 30);
    yield [
      `${o.prefix ?? 'H'}${String(household).padStart(6, '0')}`,
      `幸福${1 + (household % 7)}区${building}栋${1 + (household % 4)}单元${100 + (household % 30)}室`,
      name,
      '',
      generatedId(i, o.region),
      names[pick],
      member === 0 ? `139${String(i).padStart(8, '0')}` : '',
      RELATIONS[Math.min(member, RELATIONS.length - 1)],
      grid,
    ];
    member++;
    left--;
  }
}

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
export const csvLine = (cells: string[]) => `${cells.map(quote).join(',')}\n`;

/** The whole file as a string (small files: tests). */
export const residentCsv = (o: ResidentFileOptions) => Array.from(residentRows(o), csvLine).join('');

/** Write the file as a stream; returns its size in bytes. */
export async function writeResidentCsv(path: string, o: ResidentFileOptions): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (const row of residentRows(o)) {
    const line = csvLine(row);
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const out = arg('out') ?? 'town.csv';
  const people = Number(arg('people') ?? 210_186);
  const scale = people / 210_186;
  const categories = Object.fromEntries(Object.entries(SEED_TOWN).map(([k, v]) => [k, Math.round(v * scale)]));
  const grids = (arg('grids') ?? 'lh-1-taishan-1,lh-1-taishan-2,lh-1-xiaoqiao,lh-2-longhu,lh-2-shuangqiao').split(',');
  const bytes = await writeResidentCsv(out, { categories, grids });
  console.log(`${out}: ${Object.values(categories).reduce((a, b) => a + b, 0)} people, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
}
