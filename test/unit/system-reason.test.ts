/**
 * Reasons the system writes are stored as codes and worded per reader (issue 13 §3): each code in
 * both languages, the web app's wording the same as the exports', old stored text shown as it is.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRules } from '../../shared/domain/rules';
import {
  blackCardRuleReasons,
  bulletinCardReason,
  inspectionSuspensionReason,
  SYSTEM_REASON_CODES,
  type SystemReason,
  storedReasonText,
  systemReason,
  systemReasonText,
} from '../../shared/domain/venues/system-reason';
import { loadLanguage, setLanguage } from '../../web/src/i18n/i18n';
import { authenticityFlags } from '../../shared/domain/venues/inspection';
import { flagFigures, reasonText } from '../../web/src/ui/stored-reason';

const rules = { blackCard: { ...defaultRules().blackCard, triggers: { ...defaultRules().blackCard.triggers, failedInspections: { count: 3, withinDays: 7 }, overdueRectifications: { count: 2, withinDays: 30 } } } };
const [failed, overdue] = blackCardRuleReasons(rules, ['failed-inspections', 'overdue-rectifications']);
const bulletin = bulletinCardReason('2026-第15期');

const EXPECTED: Record<(typeof SYSTEM_REASON_CODES)[number], { reason: SystemReason; zh: string; en: string }> = {
  'suspension.inspection-outcome': { reason: inspectionSuspensionReason, zh: '检查结果建议停业整顿', en: 'Suspension recommended by the inspection outcome' },
  'black-card.failed-inspections': { reason: failed, zh: '规则触发挂黑牌：7天内检查不合格3次及以上', en: 'Black card by rule: 3 or more failed inspections within 7 days' },
  'black-card.overdue-rectifications': { reason: overdue, zh: '规则触发挂黑牌：30天内逾期未整改2项及以上', en: 'Black card by rule: 2 or more overdue rectifications within 30 days' },
  'black-card.named-in-bulletin': { reason: bulletin, zh: '被督查通报2026-第15期点名', en: 'Named in supervision bulletin 2026-第15期' },
};

describe('system-written reasons', () => {
  beforeAll(async () => {
    await loadLanguage('en');
  });

  it('word each code in Chinese and English, the same in exports and in the web app', async () => {
    for (const code of SYSTEM_REASON_CODES) {
      const { reason, zh, en } = EXPECTED[code];
      expect(reason.code).toBe(code);
      expect(systemReasonText(reason, 'zh'), code).toBe(zh);
      expect(systemReasonText(reason, 'en'), code).toBe(en);
      await setLanguage('zh-CN');
      expect(reasonText({ reason: 'ignored', reasonCodes: [reason] }), code).toBe(zh);
      await setLanguage('en');
      expect(reasonText({ reason: 'ignored', reasonCodes: [reason] }), code).toBe(en);
    }
    expect(systemReasonText(inspectionSuspensionReason, 'zh')).not.toMatch(/[A-Za-z]/);
  });

  it('join the triggers of one rule card, and store the English wording beside the codes', async () => {
    const stored = systemReason([failed, overdue]);
    expect(stored.reasonCodes).toEqual([
      { code: 'black-card.failed-inspections', params: { count: 3, withinDays: 7 } },
      { code: 'black-card.overdue-rectifications', params: { count: 2, withinDays: 30 } },
    ]);
    expect(stored.reason).toBe(`${EXPECTED['black-card.failed-inspections'].en}; ${EXPECTED['black-card.overdue-rectifications'].en}`);
    expect(storedReasonText(stored, 'zh')).toBe(`${EXPECTED['black-card.failed-inspections'].zh}；${EXPECTED['black-card.overdue-rectifications'].zh}`);
    await setLanguage('zh-CN');
    expect(reasonText(stored)).toBe(storedReasonText(stored, 'zh'));
  });

  it('show a reason stored before the codes, or typed by a person, as it was written', async () => {
    const old = { reason: '检查结果建议停业整顿 (inspection outcome: suspension recommended)' };
    expect(storedReasonText(old, 'en')).toBe(old.reason);
    await setLanguage('en');
    expect(reasonText(old)).toBe(old.reason);
    // A code a newer server wrote that this build does not know falls back to the stored wording.
    expect(reasonText({ reason: 'Something new', reasonCodes: [{ code: 'from.the.future', params: {} } as unknown as SystemReason] })).toBe('Something new');
    expect(reasonText(undefined)).toBe('');
  });

  it("keep an authenticity flag's figures as params, worded per reader", async () => {
    const flags = authenticityFlags(
      {
        venueCode: 'missing',
        venueId: 'v1',
        venueCoordinates: { lat: 34.0, lng: 113.0 },
        position: { lat: 34.01, lng: 113.0 },
        endedAt: '2026-11-25T02:10:00Z',
        neighbour: { venueId: 'v2', endedAt: '2026-11-25T02:05:00Z', coordinates: { lat: 34.1, lng: 113.0 } },
      },
      { gpsMaxDistanceMeters: 300, travelDistanceMeters: 3000, travelMinutes: 10 } as Parameters<typeof authenticityFlags>[1],
    );
    const byCode = Object.fromEntries(flags.map((f) => [f.code, f]));
    expect(byCode['gps-far'].params).toEqual({ distance: 1112, limit: 300 });
    expect(byCode['too-fast-between-venues'].params).toEqual({ distance: 11119, minutes: 5 });
    for (const f of flags) expect(f.detail, f.code).not.toMatch(/[\u4e00-\u9fff]/);
    await setLanguage('zh-CN');
    expect(flagFigures(byCode['gps-far'])).toBe('（定位距场所 1112 米，规则上限 300 米）');
    expect(flagFigures(byCode['too-fast-between-venues'])).toBe('（5 分钟内检查了相距 11119 米的两个场所）');
    expect(flagFigures(byCode['no-venue-code'])).toBe('');
    await setLanguage('en');
    expect(flagFigures(byCode['gps-far'])).toBe('(GPS 1112 m from the venue; the rule allows 300 m)');
    expect(flagFigures(byCode['too-fast-between-venues'])).toBe('(two venues 11119 m apart within 5 min)');
    // A flag stored before the params: nothing more than its code's words.
    expect(flagFigures({ code: 'gps-far' })).toBe('');
  });
});
