import { describe, expect, it } from 'vitest';
import type { ChecklistItem } from '../../shared/domain/venues/checklist';
import { distanceFromVenue, evidenceItems, minutesOnSite } from '../../shared/domain/venues/evidence';

const item = (code: string, labelZh: string): ChecklistItem => ({ code, labelZh, labelEn: code.toUpperCase(), severity: 'major', requiresRectification: true });

describe('inspection evidence', () => {
  it('lists the results in the checklist order with its names, keeping notes and items it lacks', () => {
    const items = evidenceItems(
      [
        { itemCode: 'vent', result: 'pass' },
        { itemCode: 'masks', result: 'fail', note: '未戴口罩' },
        { itemCode: 'gone', result: 'na' },
      ],
      [item('masks', '佩戴口罩'), item('vent', '通风'), item('unanswered', '未答')],
    );
    expect(items).toEqual([
      { code: 'masks', labelZh: '佩戴口罩', labelEn: 'MASKS', severity: 'major', result: 'fail', note: '未戴口罩' },
      { code: 'vent', labelZh: '通风', labelEn: 'VENT', severity: 'major', result: 'pass' },
      { code: 'gone', labelZh: 'gone', labelEn: 'gone', result: 'na' },
    ]);
  });

  it('counts whole minutes on site and the distance only when both places are known', () => {
    expect(minutesOnSite('2026-11-25T01:00:00Z', '2026-11-25T01:12:29Z')).toBe(12);
    expect(minutesOnSite('2026-11-25T01:00:00Z', '2026-11-25T00:59:00Z')).toBe(0);
    expect(distanceFromVenue({ lat: 34.401, lng: 113.8 }, { lat: 34.4, lng: 113.8 })).toBe(111);
    expect(distanceFromVenue(undefined, { lat: 34.4, lng: 113.8 })).toBeUndefined();
  });
});
