import { describe, expect, it } from 'vitest';
import { defaultMonitoringRules } from '../../shared/domain/monitoring/rules';
import { dayCounts, monitoringDay, monitoringSection } from '../../shared/planning/monitoring-day';

const rules = defaultMonitoringRules();
const TZ = 'Asia/Shanghai';
const episode = (o: Partial<Parameters<typeof dayCounts>[0]> = {}) => ({ startedAt: '2026-11-24T00:00:00Z', lastDay: '2026-12-07', windows: ['am', 'pm'], gridId: 'g1', done: new Set<string>(), feverDays: new Set<string>(), ...o });

describe('the daily report’s monitoring section (pure)', () => {
  it('counts a day’s windows due, done and missed, followed today and a fever day', () => {
    expect(dayCounts(episode({ done: new Set(['2026-11-25#am', '2026-11-25#pm']), feverDays: new Set(['2026-11-25']) }), rules, TZ, '2026-11-25')).toEqual({ underMonitoring: 1, due: 2, done: 2, missed: 0, followedToday: 1, fevers: 1 });
    expect(dayCounts(episode({ done: new Set(['2026-11-25#am']) }), rules, TZ, '2026-11-25')).toEqual({ underMonitoring: 1, due: 2, done: 1, missed: 1 });
  });

  it('a person missing N windows in a row is lost; a period ending that day counts as finished (followed all days or not)', () => {
    const lost = dayCounts(episode({ lastDay: '2026-11-25' }), rules, TZ, '2026-11-25');
    expect(lost).toMatchObject({ lost: 1, finished: 1 });
    expect(lost.followedAllDays).toBeUndefined();
    const all = new Set(['2026-11-24#am', '2026-11-24#pm', '2026-11-25#am', '2026-11-25#pm']);
    expect(dayCounts(episode({ lastDay: '2026-11-25', done: all }), rules, TZ, '2026-11-25')).toMatchObject({ finished: 1, followedAllDays: 1 });
  });

  it('nothing for a day outside the period or after an early end', () => {
    expect(dayCounts(episode(), rules, TZ, '2026-11-23')).toEqual({});
    expect(dayCounts(episode({ endedAt: '2026-11-24T10:00:00Z', lastDay: '2026-11-24' }), rules, TZ, '2026-11-25')).toEqual({});
  });

  it('adds open alerts raised by the day’s end, per grid, and gives rates', () => {
    const own = monitoringDay({ date: '2026-11-25', timeZone: TZ, rules, episodes: [episode({ done: new Set(['2026-11-25#am', '2026-11-25#pm']) }), episode({ gridId: 'g2' })], openAlerts: [{ gridId: 'g2', raisedAt: '2026-11-25T10:15:00Z' }, { gridId: 'g2', raisedAt: '2026-11-25T16:30:00Z' }] });
    expect(own.get('g2')).toMatchObject({ openAlerts: 1, missed: 2 });
    expect(monitoringSection(own.get('g1')).rates).toEqual({ followedToday: 100, followedAllDays: undefined, lost: 0 });
  });
});
