import { cell, h, table } from '../ui/dom';
import { pager, pageFromQuery } from '../ui/paging';
import { heading, type ScreenContext } from '../ui/screen';
import { toggledAdminRoles, type User } from './api';

/** /users (admins): enable/disable, end sessions, make or remove admin; each action confirmed in #notice. */
export async function usersScreen(ctx: ScreenContext): Promise<void> {
  const pageIndex = pageFromQuery(ctx.search);
  const container = h('div', {}, h('p', {}, 'Loading users…'));
  ctx.root.replaceChildren(heading('Users'), container);

  const render = async (confirmation?: string) => {
    let page;
    try {
      page = await ctx.users.list(pageIndex);
    } catch (error) {
      if (ctx.isCurrent()) {
        container.replaceChildren(h('p', {}, 'The users could not be loaded.'));
        ctx.fail(error);
      }
      return;
    }
    if (!ctx.isCurrent()) {
      return;
    }
    const rows = page.content.map((user) => userRow(user, act));
    container.replaceChildren(
      table('users', 'Users', ['Email', 'Roles', 'Status', 'Actions'], rows),
      pager(page.page, (index) => ctx.navigate(`/users?page=${index + 1}`)),
    );
    if (confirmation) {
      ctx.notice.show(confirmation);
    }
  };

  const act = async (action: () => Promise<void>, confirmation: string) => {
    try {
      await action();
    } catch (error) {
      if (ctx.isCurrent()) {
        ctx.fail(error);
      }
      return;
    }
    if (ctx.isCurrent()) {
      ctx.notice.show(confirmation);
      await render(confirmation);
    }
  };

  function userRow(user: User, run: typeof act): HTMLTableRowElement {
    const isAdmin = user.roles.includes('admin');
    return h(
      'tr',
      { 'data-user-email': user.email },
      cell('Email', user.email),
      cell('Roles', user.roles.join(', ')),
      cell('Status', user.enabled ? 'Enabled' : 'Disabled'),
      cell(
        'Actions',
        h('span', { class: 'actions' },
          user.enabled
            ? h('button', { type: 'button', class: 'disable', 'aria-label': `Disable ${user.email}`,
                onclick: () => void run(() => ctx.users.disable(user.id), `Disabled ${user.email}.`) }, 'Disable')
            : h('button', { type: 'button', class: 'enable', 'aria-label': `Enable ${user.email}`,
                onclick: () => void run(() => ctx.users.enable(user.id), `Enabled ${user.email}.`) }, 'Enable'),
          h('button', { type: 'button', class: 'end-sessions', 'aria-label': `End the sessions of ${user.email}`,
            onclick: () => void run(() => ctx.users.endSessions(user.id), `Ended the sessions of ${user.email}.`) }, 'End sessions'),
          h('button', { type: 'button', class: 'toggle-admin',
            'aria-label': `${isAdmin ? 'Remove admin from' : 'Make admin'} ${user.email}`,
            onclick: () => void run(
              () => ctx.users.setRoles(user.id, toggledAdminRoles(user.roles)),
              isAdmin ? `Removed admin from ${user.email}.` : `Made ${user.email} an admin.`,
            ) }, isAdmin ? 'Remove admin' : 'Make admin'),
        ),
      ),
    );
  }

  await render();
}

