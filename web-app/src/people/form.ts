import { ApiError, fieldErrors, messageFor } from '../api/problem';
import { h } from '../ui/dom';
import { heading, type ScreenContext } from '../ui/screen';
import type { Person, PersonFields } from './api';

const FIELDS: { id: keyof PersonFields; label: string; type: string; autocomplete: string }[] = [
  { id: 'firstName', label: 'First name', type: 'text', autocomplete: 'given-name' },
  { id: 'lastName', label: 'Last name', type: 'text', autocomplete: 'family-name' },
  { id: 'email', label: 'Email', type: 'email', autocomplete: 'email' },
];

/** /people/new and /people/<id>. The edit keeps the ETag it loaded and sends it as If-Match. */
export async function personFormScreen(ctx: ScreenContext): Promise<void> {
  const id = ctx.params.id ?? null;
  const inputs = new Map<keyof PersonFields, HTMLInputElement>();
  const form = h('form', { id: 'person-form', novalidate: true });
  for (const field of FIELDS) {
    const input = h('input', { id: field.id, name: field.id, type: field.type, autocomplete: field.autocomplete, required: true });
    inputs.set(field.id, input);
    form.append(h('div', { class: 'field' }, h('label', { for: field.id }, field.label), input));
  }
  const save = h('button', { type: 'submit' }, 'Save');
  const actions = h('div', { class: 'form-actions' }, save, h('a', { href: '/people' }, 'Cancel'));
  form.append(actions);
  ctx.root.replaceChildren(heading(id ? 'Edit person' : 'New person'), form);

  let etag: string | null = null;
  const fill = (person: Person) => {
    for (const field of FIELDS) {
      inputs.get(field.id)!.value = person[field.id] ?? '';
    }
  };
  const markInvalid = (error: unknown) => {
    const invalid = new Set(
      error instanceof ApiError && Array.isArray(error.problem?.errors)
        ? error.problem!.errors!.map((e) => e.field)
        : [],
    );
    for (const [name, input] of inputs) {
      if (invalid.has(name)) {
        input.setAttribute('aria-invalid', 'true');
      } else {
        input.removeAttribute('aria-invalid');
      }
    }
  };
  const load = async (): Promise<boolean> => {
    try {
      const loaded = await ctx.people.get(id!);
      if (!ctx.isCurrent()) {
        return false;
      }
      etag = loaded.etag;
      fill(loaded.value);
      return true;
    } catch (error) {
      if (ctx.isCurrent()) {
        if (error instanceof ApiError && error.status === 404) {
          ctx.notice.error('This person does not exist (any more).');
        } else {
          ctx.fail(error);
        }
        save.disabled = true;
      }
      return false;
    }
  };

  if (id) {
    save.disabled = true;
    if (await load()) {
      save.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });

  const submit = async () => {
    const fields = {
      firstName: inputs.get('firstName')!.value.trim(),
      lastName: inputs.get('lastName')!.value.trim(),
      email: inputs.get('email')!.value.trim(),
    };
    save.disabled = true;
    try {
      if (id) {
        await ctx.people.update(id, fields, etag);
      } else {
        await ctx.people.create(fields);
      }
    } catch (error) {
      if (!ctx.isCurrent()) {
        return;
      }
      save.disabled = false;
      if (error instanceof ApiError && error.status === 412) {
        ctx.notice.error(
          'This person was changed by someone else since you opened it. Reload to see the latest version, then make your change again.',
        );
        showReload();
      } else if (error instanceof ApiError && error.status === 400) {
        markInvalid(error);
        const fields = fieldErrors(error.problem);
        ctx.notice.error(fields.length ? `Please correct: ${fields.join('; ')}.` : messageFor(error));
      } else {
        ctx.notice.error(messageFor(error));
      }
      return;
    }
    ctx.navigate('/people', { notice: `Saved ${fields.firstName} ${fields.lastName}.` });
  };

  const showReload = () => {
    if (document.getElementById('reload-person')) {
      return;
    }
    const reload = h('button', {
      id: 'reload-person',
      type: 'button',
      onclick: async () => {
        if (await load()) {
          reload.remove();
          markInvalid(null);
          ctx.notice.show('Reloaded the latest version.');
          inputs.get('firstName')!.focus();
        }
      },
    }, 'Reload');
    actions.append(reload);
  };
}
