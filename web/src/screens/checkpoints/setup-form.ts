/**
 * The checkpoint set-up form's parts (卡口设置): shifts as rows (name, start, end; a night shift may end
 * before it starts: it crosses midnight), the staff chosen from the tenant's users working in, under or
 * above the checkpoint's grid (or tenant-wide), and the form read back into the API's body.
 */
import { html, nothing } from 'lit';
import { type StaffCandidate, worksInCheckpointGrid } from '../../../../shared/domain/checkpoints/staff';
import type { Grid } from '../../../../shared/domain/grid';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { fieldError, type FormErrors, readForm } from '../../ui/form';

export interface ShiftRow {
  id: string;
  name: string;
  starts: string;
  ends: string;
}
export type StaffUser = { id: string; displayName: string; gridIds: string[]; roles: string[] };

/** A new checkpoint starts with a day and a night shift (the night one crosses midnight). */
export const defaultShifts = (): ShiftRow[] => [
  { id: 'day', name: t('cks.dayShift'), starts: '08:00', ends: '20:00' },
  { id: 'night', name: t('cks.nightShift'), starts: '20:00', ends: '08:00' },
];

/** A shift id not yet taken (ids stay as they were on an edit: the day counters are kept by them). */
export const newShiftId = (rows: readonly ShiftRow[]) => {
  let n = rows.length + 1;
  while (rows.some((r) => r.id === `s${n}`)) n++;
  return `s${n}`;
};

/** The field names the API's issues are given to (`shifts.1.ends` beside that row's end). */
export const setupFields = (rows: number) => ['gridId', 'name', 'location.place', 'location.road', 'shifts', 'staff', 'version', ...Array.from({ length: rows }, (_, i) => ['name', 'starts', 'ends'].map((f) => `shifts.${i}.${f}`)).flat()];

/** Every user of the tenant (pages of 200), for the staff list. */
export async function tenantUsers(): Promise<StaffUser[]> {
  const all: StaffUser[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(api.api.users.$get({ query: cursor ? { limit: '200', cursor } : { limit: '200' } }));
    all.push(...page.items.filter((u) => u.status === 'active'));
    cursor = page.cursor;
  } while (cursor);
  return all;
}

/**
 * Who may staff a checkpoint in this grid (the API's rule, shared/domain/checkpoints/staff.ts): those
 * working in it, under it (a group's member at the village's gate) or above it first, then users
 * whose role spans the tenant.
 */
export function usersOfGrid(users: readonly StaffUser[], grids: readonly Grid[], gridId: string): StaffUser[] {
  const grid = grids.find((g) => g.id === gridId);
  if (!grid) return [];
  const paths = new Map(grids.filter((g) => g.status === 'active').map((g) => [g.id, g.path]));
  const eligible = users.filter((u) => worksInCheckpointGrid(u as StaffCandidate, u.gridIds.flatMap((id) => paths.get(id) ?? []), grid.path));
  return [...eligible.filter((u) => u.gridIds.length), ...eligible.filter((u) => !u.gridIds.length)];
}

/** The rows from state; `change` is given the rows as typed (read from the form) after each keystroke, add or remove. */
export function shiftRows(rows: readonly ShiftRow[], errors: FormErrors['fields'], change: (rows: ShiftRow[]) => void) {
  const typed = (e: Event) => shiftsInForm((e.target as HTMLElement).closest('form'), [...rows]);
  const remove = (e: Event, i: number) => change(typed(e).filter((_, j) => j !== i));
  return html`<fieldset class="shift-rows" @input=${(e: Event) => change(typed(e))}><legend>${t('cks.shifts')}</legend>
    <p class="hint">${t('cks.shiftsHint')}</p>
    ${rows.map(
      (r, i) => html`<div class="row shift-row" data-shift=${r.id}>
        <input type="hidden" name="shiftId" .value=${r.id} />
        <label>${t('cks.shiftName')} <input name="shiftName" .value=${r.name} maxlength="20" aria-invalid=${errors[`shifts.${i}.name`] ? 'true' : 'false'} /></label>
        <label>${t('cks.starts')} <input name="shiftStarts" type="time" .value=${r.starts} aria-invalid=${errors[`shifts.${i}.starts`] ? 'true' : 'false'} /></label>
        <label>${t('cks.ends')} <input name="shiftEnds" type="time" .value=${r.ends} aria-invalid=${errors[`shifts.${i}.ends`] ? 'true' : 'false'} /></label>
        ${r.ends < r.starts ? html`<span class="muted">${t('cks.crossesMidnight')}</span>` : nothing}
        <button type="button" class="quiet" ?disabled=${rows.length < 2} @click=${(e: Event) => remove(e, i)}>${t('cks.removeShift')}</button>
        ${fieldError([...(errors[`shifts.${i}.name`] ?? []), ...(errors[`shifts.${i}.starts`] ?? []), ...(errors[`shifts.${i}.ends`] ?? [])])}
      </div>`,
    )}
    ${fieldError(errors.shifts)}
    <button type="button" @click=${(e: Event) => { const now = typed(e); change([...now, { id: newShiftId(now), name: '', starts: '08:00', ends: '20:00' }]); }}>＋ ${t('cks.addShift')}</button>
  </fieldset>`;
}

/** The eligible users to tick; `former`: staff no longer eligible (moved away), shown but not sent, so a save drops them. */
export function staffChoice(users: readonly StaffUser[], chosen: readonly string[], errors: readonly string[] | undefined, former: readonly StaffUser[] = []) {
  return html`<fieldset class="staff-choice"><legend>${t('cks.staff')}</legend>
    ${users.length ? users.map((u) => html`<label class="check"><input type="checkbox" name="staff" value=${u.id} .checked=${chosen.includes(u.id)} /> ${u.displayName}（${u.id}）</label>`) : html`<p class="muted">${t('cks.noStaff')}</p>`}
    ${former.map((u) => html`<label class="check former-staff"><input type="checkbox" disabled /> ${u.displayName}（${u.id}） <span class="muted">${t('cks.staffMovedAway')}</span></label>`)}
    ${fieldError(errors)}
  </fieldset>`;
}

/** The form as the API's fields (create adds id and grid; an edit adds the version). */
export function readSetup(form: HTMLFormElement) {
  const f = readForm(form);
  const [ids, names, starts, ends] = [f.all('shiftId'), f.all('shiftName'), f.all('shiftStarts'), f.all('shiftEnds')];
  const road = f.text('road');
  return {
    name: f.text('name'),
    location: { place: f.text('place'), ...(road ? { road } : {}) },
    shifts: ids.map((id, i) => ({ id, name: names[i].trim(), starts: starts[i], ends: ends[i] })),
    staff: f.all('staff'),
  };
}

/** The shift rows as they stand in the form (kept across re-renders while adding or removing one). */
export function shiftsInForm(form: HTMLFormElement | null | undefined, fallback: ShiftRow[]): ShiftRow[] {
  return form ? readSetup(form).shifts : fallback;
}
