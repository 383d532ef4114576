import { ApiError, messageFor } from '../api/problem';
import { cell, h, table } from '../ui/dom';
import { pager, pageFromQuery } from '../ui/paging';
import { heading, type ScreenContext } from '../ui/screen';
import type { Person } from './api';

/** People, ten a page by last name; delete is rendered for everyone but shown to admins only. */
export async function peopleListScreen(ctx: ScreenContext): Promise<void> {
  const pageIndex = pageFromQuery(ctx.search);
  const container = h('div', { class: 'people-list' }, h('p', {}, 'Loading people…'));
  ctx.root.replaceChildren(
    heading('People'),
    h('p', {}, h('a', { id: 'new-person', href: '/people/new', class: 'button-link' }, 'New person')),
    container,
  );
  let page;
  try {
    page = await ctx.people.list(pageIndex);
  } catch (error) {
    if (ctx.isCurrent()) {
      container.replaceChildren(h('p', {}, 'The list could not be loaded.'));
      ctx.fail(error);
    }
    return;
  }
  if (!ctx.isCurrent()) {
    return;
  }
  const rows = page.content.map((person) => personRow(ctx, person));
  container.replaceChildren(
    table('people', 'People, sorted by last name', ['First name', 'Last name', 'Email', 'Actions'], rows),
    ...(page.content.length === 0 ? [h('p', {}, 'No people yet.')] : []),
    pager(page.page, (index) => ctx.navigate(`/people?page=${index + 1}`)),
  );
}

function personRow(ctx: ScreenContext, person: Person): HTMLTableRowElement {
  const name = `${person.firstName} ${person.lastName}`;
  const remove = async () => {
    if (!window.confirm(`Delete ${name}?`)) {
      return;
    }
    try {
      await ctx.people.remove(person.id);
    } catch (error) {
      if (!ctx.isCurrent()) {
        return;
      }
      if (error instanceof ApiError && error.status === 403) {
        ctx.notice.error('Only administrators can delete people.');
      } else if (error instanceof ApiError && error.status === 404) {
        ctx.notice.error(`${name} was already deleted.`);
      } else {
        ctx.notice.error(messageFor(error));
      }
      return;
    }
    if (ctx.isCurrent()) {
      ctx.navigate(`/people${ctx.search}`, { notice: `Deleted ${name}.`, replace: true });
    }
  };
  return h(
    'tr',
    { 'data-person-id': person.id },
    cell('First name', person.firstName),
    cell('Last name', person.lastName),
    cell('Email', person.email),
    cell(
      'Actions',
      h('span', { class: 'actions' },
        h('a', { class: 'edit', href: `/people/${encodeURIComponent(person.id)}`, 'aria-label': `Edit ${name}` }, 'Edit'),
        h('button', {
          type: 'button',
          class: 'delete',
          hidden: !ctx.session.isAdmin,
          'aria-label': `Delete ${name}`,
          onclick: () => void remove(),
        }, 'Delete'),
      ),
    ),
  );
}
