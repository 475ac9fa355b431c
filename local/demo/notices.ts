/**
 * The demo's tenant-wide closure notices (关停通告), through the same repository as the API: KTVs and
 * internet cafés paused one night in the second week (after the day's rounds) and reopened by a second
 * notice the next morning (before them), so the notice list shows both and every venue is open today.
 */
import { ulid } from 'ulid';
import type { Prng } from '../../shared/prng';
import { TIME_ZONE, type Town } from './town';

const KINDS = ['ktv', 'internet-cafe'];

/** Issue a notice and work it to the end: a pause after the day's rounds (22:00), a reopening before them (06:00). */
export async function issueNotice(town: Town, date: string, r: Prng, action: 'pause' | 'reopen'): Promise<void> {
  const now = town.at(date, action === 'pause' ? 22 * 60 : 6 * 60);
  const reason = action === 'pause' ? '根据疫情防控需要，全镇 KTV、网吧暂停营业' : '疫情形势好转，KTV、网吧恢复营业，继续落实扫码测温';
  const { notice } = await town.data.closureNotices.create(town.office, { id: ulid(now.getTime(), r.next), action, venueKinds: KINDS, reason }, now, TIME_ZONE);
  await town.data.closureNotices.run(notice.id, now, TIME_ZONE, {});
}
