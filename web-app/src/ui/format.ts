/** A server timestamp as the user's local date and time, or a dash when there is none. */
export function localDateTime(iso: string | null | undefined): string {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString();
}

export function localTime(date: Date): string {
  return date.toLocaleTimeString();
}
