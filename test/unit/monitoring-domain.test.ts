/** Home monitoring's pure rules: windows in tenant-local time, due windows, late syncs, missed and lost, restart, fever, escalation. */
import { describe, expect, it } from 'vitest';
import { escalationDue, extendPeriod, followUp, isFever, lastDayFrom, restartPeriod } from '../../shared/domain/monitoring/follow-up';
import { ReadingInput } from '../../shared/domain/monitoring/reading';
import { defaultMonitoringRules, MonitoringRules } from '../../shared/domain/monitoring/rules';
import { closedDueWindows, dueWindowOfReading, dueWindowsOn, type EpisodePeriod, inPeriod, windowAt, zonedInstant } from '../../shared/domain/monitoring/windows';
import { defaultResidentRules, ResidentRules } from '../../shared/domain/residents/rules';

const rules = defaultMonitoringRules();
const SH = 'Asia/Shanghai';
/** Started 2026-03-02 06:00 Shanghai (22:00Z the day before), 14 days. */
const period = (over: Partial<EpisodePeriod> = {}): EpisodePeriod => ({ startedAt: '2026-03-01T22:00:00.000Z', lastDay: '2026-03-15', windows: ['am', 'pm'], ...over });

describe('monitoring rules', () => {
  it('defaults: 居家隔离 14 days, 居家观察 7, 健康监测; windows 07:00–10:00 and 15:00–18:00; fever 37.3', () => {
    expect(rules.types.map((t) => [t.nameZh, t.days])).toEqual([['居家隔离', 14], ['居家观察', 7], ['健康监测', 7]]);
    expect(rules.windows.map((w) => `${w.start}-${w.end}`)).toEqual(['07:00-10:00', '15:00-18:00']);
    expect(rules.feverThreshold).toBe(37.3);
    expect(MonitoringRules.parse(rules)).toEqual(rules);
    expect(ResidentRules.parse(defaultResidentRules()).monitoring).toEqual(rules);
  });

  it('refuses a window that ends before it starts and a type naming an unknown window', () => {
    const bad = { ...rules, windows: [{ ...rules.windows[0]!, end: '06:00' }, rules.windows[1]!] };
    expect(MonitoringRules.safeParse(bad).error?.issues[0]?.path).toEqual(['windows', 0, 'end']);
    const unknown = { ...rules, types: [{ ...rules.types[0]!, windows: ['noon'] }] };
    expect(MonitoringRules.safeParse(unknown).error?.issues[0]?.path).toEqual(['types', 0, 'windows']);
  });
});

describe('windows in tenant-local time', () => {
  it('turns a local wall time into an instant in the tenant time zone, also across a DST change', () => {
    expect(zonedInstant('2026-03-02', '10:00', SH).toISOString()).toBe('2026-03-02T02:00:00.000Z');
    expect(zonedInstant('2026-03-02', '00:00', SH).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    // New York switches to daylight time on 2026-03-08 at 02:00.
    expect(zonedInstant('2026-03-07', '07:00', 'America/New_York').toISOString()).toBe('2026-03-07T12:00:00.000Z');
    expect(zonedInstant('2026-03-08', '07:00', 'America/New_York').toISOString()).toBe('2026-03-08T11:00:00.000Z');
    expect(zonedInstant('2026-03-08', '15:00', 'Asia/Urumqi').toISOString()).toBe('2026-03-08T09:00:00.000Z');
  });

  it('puts a reading in its window by tenant-local time, not UTC', () => {
    // 01:30Z is 09:30 in Shanghai (morning window) but 20:30 the day before in New York.
    expect(windowAt(rules, SH, new Date('2026-03-02T01:30:00Z'))?.key).toBe('2026-03-02#am');
    expect(windowAt(rules, 'America/New_York', new Date('2026-03-02T01:30:00Z'))).toBeUndefined();
    // The end is exclusive, the start inclusive.
    expect(windowAt(rules, SH, new Date('2026-03-02T02:00:00Z'))).toBeUndefined();
    expect(windowAt(rules, SH, new Date('2026-03-01T23:00:00Z'))?.key).toBe('2026-03-02#am');
  });

  it('asks for both windows on a full day, none before the start day or after the last day', () => {
    expect(dueWindowsOn(period(), rules, SH, '2026-03-05').map((w) => w.key)).toEqual(['2026-03-05#am', '2026-03-05#pm']);
    expect(dueWindowsOn(period(), rules, SH, '2026-03-01')).toEqual([]);
    expect(dueWindowsOn(period(), rules, SH, '2026-03-16')).toEqual([]);
    expect(dueWindowsOn(period(), rules, SH, '2026-03-15').length).toBe(2);
  });

  it('on the first day asks only for windows that open after the start; after an early end nothing more', () => {
    // Started 08:00 Shanghai, inside the morning window: the first reading is due in the afternoon.
    const late = period({ startedAt: '2026-03-02T00:00:00.000Z' });
    expect(dueWindowsOn(late, rules, SH, '2026-03-02').map((w) => w.window.id)).toEqual(['pm']);
    // Ended at 12:00 on 03-05: the afternoon window of that day is not due, nor any later.
    const ended = period({ endedAt: '2026-03-05T04:00:00.000Z' });
    expect(dueWindowsOn(ended, rules, SH, '2026-03-05').map((w) => w.window.id)).toEqual(['am']);
    expect(dueWindowsOn(ended, rules, SH, '2026-03-06')).toEqual([]);
  });

  it('marks readings outside the period', () => {
    const p = period({ lastDay: '2026-03-08' });
    expect(inPeriod(p, SH, new Date('2026-03-01T21:00:00Z'))).toBe(false);
    expect(inPeriod(p, SH, new Date('2026-03-08T15:59:00Z'))).toBe(true);
    expect(inPeriod(p, SH, new Date('2026-03-08T16:00:00Z'))).toBe(false);
    expect(inPeriod({ ...p, endedAt: '2026-03-04T00:00:00Z' }, SH, new Date('2026-03-04T01:00:00Z'))).toBe(false);
  });
});

describe('follow-up', () => {
  it('counts a reading taken in a window and synced after the window closed (a late sync) for that window', () => {
    const p = period();
    const takenAt = new Date('2026-03-03T00:30:00Z'); // 08:30 Shanghai, morning
    const now = new Date('2026-03-03T05:00:00Z'); // 13:00, after the sweep found the window without a reading
    const key = dueWindowOfReading(p, rules, SH, takenAt);
    expect(key).toBe('2026-03-03#am');
    const before = followUp(p, new Set(['2026-03-02#am', '2026-03-02#pm']), rules, SH, now);
    expect(before.missed).toEqual(['2026-03-03#am']);
    const after = followUp(p, new Set(['2026-03-02#am', '2026-03-02#pm', key!]), rules, SH, now);
    expect(after.missed).toEqual([]);
    expect(after.today).toEqual({ due: 2, closed: 1, done: 1, missed: 0 });
    // A reading between windows counts for none.
    expect(dueWindowOfReading(p, rules, SH, new Date('2026-03-03T04:00:00Z'))).toBeUndefined();
  });

  it('is lost to follow-up after N missed windows in a row; one reading ends the run', () => {
    const now = new Date('2026-03-04T11:00:00Z'); // 19:00 on 03-04: six windows closed
    const done = new Set(['2026-03-02#am', '2026-03-02#pm', '2026-03-03#am']);
    const f = followUp(period(), done, rules, SH, now);
    expect(f.closed).toBe(6);
    expect(f.missedInRow).toBe(3);
    expect(f.lost).toBe(true);
    expect(f.followedAllDays).toBe(false);
    done.add('2026-03-04#pm');
    expect(followUp(period(), done, rules, SH, now)).toMatchObject({ missedInRow: 0, lost: false, missed: ['2026-03-03#pm', '2026-03-04#am'] });
  });

  it('followed for all days: every due window of a finished period has a reading', () => {
    const p = period({ lastDay: '2026-03-03' });
    const all = new Set(closedDueWindows(p, rules, SH, new Date('2026-04-01T00:00:00Z')).map((w) => w.key));
    expect(all.size).toBe(4);
    const f = followUp(p, all, rules, SH, new Date('2026-04-01T00:00:00Z'));
    expect(f).toMatchObject({ over: true, followedAllDays: true, closed: 4 });
  });

  it('restarts on re-exposure: the period counts again from the new day; windows already due stay due', () => {
    const p = period({ lastDay: lastDayFrom(new Date('2026-03-01T22:00:00Z'), 14, SH) });
    expect(p.lastDay).toBe('2026-03-15');
    const restarted = restartPeriod(p, new Date('2026-03-10T03:00:00Z'), 14, SH);
    expect(restarted.lastDay).toBe('2026-03-23');
    expect(restarted.startedAt).toBe(p.startedAt);
    expect(dueWindowsOn(restarted, rules, SH, '2026-03-20').length).toBe(2);
    expect(dueWindowsOn(restarted, rules, SH, '2026-03-02').length).toBe(2);
    expect(() => restartPeriod({ ...p, endedAt: '2026-03-05T00:00:00Z' }, new Date(), 14, SH)).toThrow();
    expect(extendPeriod(p, 3).lastDay).toBe('2026-03-18');
  });
});

describe('readings and alerts', () => {
  it('fever at or above the threshold', () => {
    expect(isFever(37.3, rules)).toBe(true);
    expect(isFever(37.2, rules)).toBe(false);
    expect(isFever(38, { feverThreshold: 37.5 })).toBe(true);
  });

  it('takes 35.0–42.0 °C with one decimal and names the field otherwise', () => {
    const base = { id: '01HZY3K6Q0V7X1S6G5M4N3B2A1', episodeId: '01HZY3K6Q0V7X1S6G5M4N3B2A2', takenAt: '2026-03-02T01:00:00Z', method: 'door' };
    expect(ReadingInput.safeParse({ ...base, temperature: 36.8 }).success).toBe(true);
    expect(ReadingInput.safeParse({ ...base, temperature: 42 }).success).toBe(true);
    for (const t of [34.9, 42.1, 36.85]) expect(ReadingInput.safeParse({ ...base, temperature: t }).error?.issues[0]?.path).toEqual(['temperature']);
    expect(ReadingInput.safeParse({ ...base, temperature: 36.5, symptoms: ['cough', 'cough'] }).error?.issues[0]?.path).toEqual(['symptoms']);
  });

  it('escalates an unresolved alert after the rules hours', () => {
    const raised = { raisedAt: '2026-03-02T02:00:00Z', status: 'open' };
    expect(escalationDue(raised, rules, new Date('2026-03-02T05:59:00Z'))).toBe(false);
    expect(escalationDue(raised, rules, new Date('2026-03-02T06:00:00Z'))).toBe(true);
    expect(escalationDue({ ...raised, status: 'acknowledged' }, rules, new Date('2026-03-02T07:00:00Z'))).toBe(true);
    expect(escalationDue({ ...raised, status: 'resolved' }, rules, new Date('2026-03-03T00:00:00Z'))).toBe(false);
  });
});

describe('figures', () => {
  it('counts under monitoring, due/done/missed today, followed today, lost and followed all days; a 14-day trend', async () => {
    const { todayCounts, trend, followUpRates } = await import('../../shared/domain/monitoring/figures');
    const now = new Date('2026-03-04T11:00:00Z'); // 19:00 on 03-04
    const good = { ...period(), done: new Set(['2026-03-02#am', '2026-03-02#pm', '2026-03-03#am', '2026-03-03#pm', '2026-03-04#am', '2026-03-04#pm']) };
    const lost = { ...period(), done: new Set(['2026-03-02#am', '2026-03-02#pm', '2026-03-03#am']) };
    const finished = { ...period({ lastDay: '2026-03-02' }), done: new Set(['2026-03-02#am', '2026-03-02#pm']) };
    expect(todayCounts(good, rules, SH, now)).toEqual({ underMonitoring: 1, due: 2, done: 2, missed: 0, followedToday: 1 });
    expect(todayCounts(lost, rules, SH, now)).toEqual({ underMonitoring: 1, due: 2, done: 0, missed: 2, lost: 1 });
    expect(todayCounts(finished, rules, SH, now)).toEqual({ finished: 1, followedAllDays: 1 });
    expect(followUpRates({ underMonitoring: 2, followedToday: 1, lost: 1, finished: 1, followedAllDays: 1 })).toEqual({ followedToday: 50, followedAllDays: 100, lost: 50 });
    const days = trend([good, lost, finished], rules, SH, now);
    expect(days).toHaveLength(14);
    expect(days.at(-1)).toEqual({ date: '2026-03-04', underMonitoring: 2, due: 4, done: 2, missed: 2 });
    expect(days.at(-3)).toEqual({ date: '2026-03-02', underMonitoring: 3, due: 6, done: 6, missed: 0 });
    expect(days[0]!.underMonitoring).toBe(0);
  });
});

describe('when the dispatcher sends a sweep', () => {
  it('at the first tick at or after a window closes, until that window is swept; never for a tenant nobody is monitored in', async () => {
    const { sweepDue } = await import('../../shared/domain/monitoring/sweep-due');
    const windows = rules.windows.map((w) => ({ id: w.id, start: w.start, end: w.end }));
    const state = { activeUntil: '2026-03-10', windows, sweptThrough: '2026-03-01T10:00:00.000Z' }; // swept through 03-01 18:00
    expect(sweepDue(state, SH, new Date('2026-03-02T01:45:00Z'))).toBe(false); // 09:45
    expect(sweepDue(state, SH, new Date('2026-03-02T02:00:00Z'))).toBe(true); // 10:00, the morning closed
    expect(sweepDue({ ...state, sweptThrough: '2026-03-02T02:00:00.000Z' }, SH, new Date('2026-03-02T02:15:00Z'))).toBe(false);
    // A missed tick is caught up by the next one.
    expect(sweepDue(state, SH, new Date('2026-03-02T09:45:00Z'))).toBe(true);
    expect(sweepDue({ ...state, activeUntil: '2026-02-27' }, SH, new Date('2026-03-02T02:00:00Z'))).toBe(false);
    expect(sweepDue(undefined, SH, new Date('2026-03-02T02:00:00Z'))).toBe(false);
  });
});
