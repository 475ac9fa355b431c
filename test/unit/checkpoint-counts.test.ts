import { describe, expect, it } from 'vitest';
import { dayCounts } from '../../shared/domain/checkpoints/counts';

const grid = (id: string, path: string, parentId: string | null) => ({ id, name: id, path, parentId, status: 'active' });
const GRIDS = [grid('town', '/town/', null), grid('v1', '/town/v1/', 'town'), grid('v2', '/town/v2/', 'town'), grid('v3', '/town/v3/', 'town')];
const SHIFTS = [
  { id: 'day', name: '白班' },
  { id: 'night', name: '夜班' },
];
const CHECKPOINTS = [
  { id: 'k1', name: '一号卡口', gridId: 'v1', shifts: SHIFTS },
  { id: 'k2', name: '二号卡口', gridId: 'v2', shifts: SHIFTS, status: 'retired' },
];

describe("a day's checkpoint counts", () => {
  it('roll each shift up from the checkpoint to its village and town, with the shift totals of the whole', () => {
    const day = dayCounts(
      '2026-11-25',
      CHECKPOINTS,
      [
        { gridId: 'v1', checkpointId: 'k1', shiftId: 'day', passed: 5, turnedBack: 1 },
        { gridId: 'v1', checkpointId: 'k1', shiftId: 'night', passed: 2, held: 1 },
        { gridId: 'v2', checkpointId: 'k2', shiftId: 'night', passed: 3 },
      ],
      GRIDS,
      ['/town/'],
    );
    expect(day.total).toEqual({ passed: 10, turnedBack: 1, held: 1 });
    expect(day.shifts).toEqual([
      { shiftId: 'day', name: '白班', passed: 5, turnedBack: 1, held: 0 },
      { shiftId: 'night', name: '夜班', passed: 5, turnedBack: 0, held: 1 },
    ]);
    // A village without checkpoints is left out; the town holds both villages' shifts.
    expect(day.grids.map((g) => g.id)).toEqual(['town', 'v1', 'v2']);
    expect(day.grids[0].shifts).toEqual(day.shifts);
    expect(day.grids[2]).toMatchObject({ id: 'v2', passed: 3, shifts: [{ shiftId: 'night', name: '夜班', passed: 3, turnedBack: 0, held: 0 }] });
    expect(day.checkpoints.map((c) => [c.id, c.retired, c.passed])).toEqual([
      ['k1', false, 7],
      ['k2', true, 3],
    ]);
  });

  it('lists a checkpoint with no vehicles yet at zero, and counts nothing outside the roots', () => {
    const day = dayCounts('2026-11-25', CHECKPOINTS.slice(0, 1), [], GRIDS, ['/town/']);
    expect(day.total).toEqual({ passed: 0, turnedBack: 0, held: 0 });
    expect(day.grids.map((g) => [g.id, g.passed, g.shifts.length])).toEqual([
      ['town', 0, 0],
      ['v1', 0, 0],
    ]);
    expect(day.checkpoints).toEqual([expect.objectContaining({ id: 'k1', passed: 0, shifts: [] })]);
  });
});
