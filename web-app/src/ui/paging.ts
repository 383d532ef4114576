import { h } from './dom';

/** Page n of total with Previous/Next (disabled at the ends); pages are 0-based on the server. */
export function pager(
  page: { number: number; totalPages: number },
  go: (pageIndex: number) => void,
): HTMLElement {
  const total = Math.max(page.totalPages, 1);
  const current = Math.min(page.number, total - 1);
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    h('button', { id: 'prev-page', type: 'button', disabled: current <= 0, onclick: () => go(current - 1) }, 'Previous'),
    h('span', { id: 'page-info', 'aria-live': 'polite' }, `Page ${current + 1} of ${total}`),
    h('button', { id: 'next-page', type: 'button', disabled: current >= total - 1, onclick: () => go(current + 1) }, 'Next'),
  );
}

/** The 0-based page index from `?page=<n>` (1-based in the address, as people count). */
export function pageFromQuery(search: string): number {
  const raw = new URLSearchParams(search).get('page');
  const n = raw === null ? 1 : Number.parseInt(raw, 10);
  return Number.isFinite(n) && n >= 1 ? n - 1 : 0;
}
