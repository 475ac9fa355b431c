/**
 * Form pieces: labelled fields with hints and the API's validation errors beside them.
 * The API names each problem by path (`body.name`, `body.admin.password`, `body.gridLevelNames.1`);
 * `formErrors` gives each problem to the field whose name is the longest prefix of that path,
 * and whatever matches no field goes to the form's summary.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';
import { errorMessage } from './errors';
import { issueText } from './issue-text';

export interface FormErrors {
  /** Field name → messages. */
  fields: Record<string, string[]>;
  /** Messages for the form as a whole. */
  general: string[];
}

export const noErrors = (): FormErrors => ({ fields: {}, general: [] });

export function formErrors(error: unknown, fieldNames: readonly string[]): FormErrors {
  const result = noErrors();
  if (error instanceof ApiError && error.issues.length > 0) {
    for (const issue of error.issues) {
      const path = issue.path.replace(/^body\./, '');
      const field = [...fieldNames]
        .sort((a, b) => b.length - a.length)
        .find((name) => path === name || path.startsWith(`${name}.`));
      if (field) (result.fields[field] ??= []).push(issueText(issue));
      else result.general.push(issueText(issue));
    }
    if (result.general.length === 0 && Object.keys(result.fields).length === 0) result.general.push(errorMessage(error));
    return result;
  }
  result.general.push(errorMessage(error));
  return result;
}

interface FieldOptions {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  optional?: boolean;
}

const describedBy = (o: FieldOptions) =>
  [o.hint ? `${o.id}-hint` : '', o.errors?.length ? `${o.id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** Label, hint and errors around a control the caller renders (with `controlAttrs` applied). */
export function field(o: FieldOptions, control: TemplateResult): TemplateResult {
  return html`<div class="field ${o.errors?.length ? 'invalid' : ''}">
    <label for=${o.id}>${o.label}${o.optional ? html` <span class="muted">${t('common.optional')}</span>` : nothing}</label>
    ${control}
    ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : nothing}
    ${fieldError(o.errors, o.id)}
  </div>`;
}

/** A field's errors on one line; given the field's id, the line is `<id>-error` (for aria-describedby). */
export function fieldError(errors: readonly string[] | undefined, id?: string): TemplateResult | typeof nothing {
  if (!errors?.length) return nothing;
  return html`<p class="error" id=${ifDefined(id === undefined ? undefined : `${id}-error`)}>${errors.join('；')}</p>`;
}

interface InputOptions extends FieldOptions {
  name: string;
  value?: string | number;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  autofocus?: boolean;
  placeholder?: string;
}

export function inputField(o: InputOptions): TemplateResult {
  return field(
    o,
    html`<input
      id=${o.id}
      name=${o.name}
      type=${o.type ?? 'text'}
      .value=${o.value === undefined ? '' : String(o.value)}
      autocomplete=${ifDefined(o.autocomplete)}
      inputmode=${ifDefined(o.inputmode)}
      placeholder=${ifDefined(o.placeholder)}
      ?autofocus=${o.autofocus}
      aria-describedby=${ifDefined(describedBy(o))}
      aria-invalid=${o.errors?.length ? 'true' : 'false'}
    />`,
  );
}

export function selectField(o: FieldOptions & { name: string; value: string; options: { value: string; label: string }[] }): TemplateResult {
  return field(
    o,
    html`<select id=${o.id} name=${o.name} aria-describedby=${ifDefined(describedBy(o))} aria-invalid=${o.errors?.length ? 'true' : 'false'}>
      ${o.options.map((opt) => html`<option value=${opt.value} ?selected=${opt.value === o.value}>${opt.label}</option>`)}
    </select>`,
  );
}

export function textareaField(o: FieldOptions & { name: string; value: string; rows?: number }): TemplateResult {
  return field(
    o,
    html`<textarea id=${o.id} name=${o.name} rows=${o.rows ?? 3} .value=${o.value} aria-describedby=${ifDefined(describedBy(o))} aria-invalid=${o.errors?.length ? 'true' : 'false'}></textarea>`,
  );
}

/** The summary at the top of a form: general problems, as an alert. */
export function formSummary(errors: FormErrors): TemplateResult | typeof nothing {
  if (errors.general.length === 0) return nothing;
  return html`<div class="alert" role="alert" tabindex="-1">${errors.general.map((m) => html`<p>${m}</p>`)}</div>`;
}

/** After a failed submit, move focus to the first field with an error. */
export function focusFirstInvalid(root: ParentNode): void {
  requestAnimationFrame(() => root.querySelector<HTMLElement>('[aria-invalid="true"], .alert')?.focus?.());
}

/** A screen or dialog that sends a form: `busy` while it goes, the API's refusal in `errors`. */
export interface FormSender extends ParentNode {
  busy: boolean;
  errors: FormErrors;
}

/**
 * Send a form the one way every screen does: busy while it goes, the old errors cleared; a refusal
 * puts the API's errors beside the fields named (the rest above the form) and focuses the first.
 * True when `send` went through.
 */
export async function sendForm(host: FormSender, fieldNames: readonly string[], send: () => Promise<unknown>, refused?: (error: unknown) => unknown): Promise<boolean> {
  host.busy = true;
  host.errors = noErrors();
  try {
    await send();
    return true;
  } catch (error) {
    // e.g. a stale version: the screen reloads what changed before the errors are shown.
    await refused?.(error);
    host.errors = formErrors(error, fieldNames);
    focusFirstInvalid(host);
    return false;
  } finally {
    host.busy = false;
  }
}

/** Reads a form's values by name (strings; several values for repeated names). */
export function readForm(form: HTMLFormElement) {
  const data = new FormData(form);
  return {
    text: (name: string) => String(data.get(name) ?? '').trim(),
    all: (name: string) => data.getAll(name).map(String),
    checked: (name: string) => data.get(name) !== null,
    number: (name: string) => {
      const raw = String(data.get(name) ?? '').trim();
      return raw === '' ? undefined : Number(raw);
    },
  };
}
