import { ApiError } from '../api/problem';
import { cell, h, table } from '../ui/dom';
import { localDateTime } from '../ui/format';
import { heading, type ScreenContext } from '../ui/screen';
import { retryAt, type SigningKey } from './api';

/** /keys (admins): the key ring with states and dates; rotate (409 when too early, then force); revoke. */
export async function keysScreen(ctx: ScreenContext): Promise<void> {
  const container = h('div', {}, h('p', {}, 'Loading keys…'));
  const rotate = h('button', { id: 'rotate', type: 'button' }, 'Rotate now');
  const controls = h('div', { class: 'form-actions' }, rotate);
  ctx.root.replaceChildren(heading('Keys'), controls, container);

  const render = async () => {
    let keys: SigningKey[];
    try {
      keys = await ctx.keys.list();
    } catch (error) {
      if (ctx.isCurrent()) {
        container.replaceChildren(h('p', {}, 'The keys could not be loaded.'));
        ctx.fail(error);
      }
      return;
    }
    if (!ctx.isCurrent()) {
      return;
    }
    container.replaceChildren(
      table('keys', 'Signing keys', ['Key id', 'State', 'Created', 'Activated', 'Retired', 'Revoked', 'Published', 'Actions'],
        keys.map(keyRow)),
    );
  };

  const keyRow = (key: SigningKey): HTMLTableRowElement =>
    h(
      'tr',
      { 'data-kid': key.kid },
      cell('Key id', h('code', {}, key.kid)),
      cell('State', key.state),
      cell('Created', localDateTime(key.createdAt)),
      cell('Activated', localDateTime(key.activatedAt)),
      cell('Retired', localDateTime(key.retiredAt)),
      cell('Revoked', localDateTime(key.revokedAt)),
      cell('Published', key.published ? 'yes' : 'no'),
      cell('Actions',
        key.state === 'retired' || key.state === 'next'
          ? h('button', { type: 'button', class: 'revoke', 'aria-label': `Revoke key ${key.kid}`, onclick: () => void revoke(key) }, 'Revoke')
          : null),
    );

  const revoke = async (key: SigningKey) => {
    if (!window.confirm(`Revoke key ${key.kid}? Tokens signed with it will no longer be accepted.`)) {
      return;
    }
    try {
      await ctx.keys.revoke(key.kid);
    } catch (error) {
      if (ctx.isCurrent()) {
        ctx.fail(error);
      }
      return;
    }
    if (ctx.isCurrent()) {
      ctx.notice.show(`Revoked key ${key.kid}.`);
      await render();
    }
  };

  const doRotate = async (force: boolean) => {
    try {
      await ctx.keys.rotate(force);
    } catch (error) {
      if (!ctx.isCurrent()) {
        return;
      }
      if (error instanceof ApiError && error.status === 409 && !force) {
        const at = retryAt(error);
        ctx.notice.error(
          `Too early to rotate: the active key is still new. You can retry at ${at ? at.toLocaleString() : 'a later time'}, or force the rotation now.`,
        );
        showForce();
      } else {
        ctx.fail(error);
      }
      return;
    }
    if (ctx.isCurrent()) {
      document.getElementById('force-rotate')?.remove();
      ctx.notice.show(force ? 'Rotated the signing keys (forced).' : 'Rotated the signing keys.');
      await render();
    }
  };

  const showForce = () => {
    if (document.getElementById('force-rotate')) {
      return;
    }
    controls.append(h('button', { id: 'force-rotate', type: 'button', class: 'danger', onclick: () => void doRotate(true) }, 'Force rotation'));
  };

  rotate.addEventListener('click', () => void doRotate(false));
  await render();
}
