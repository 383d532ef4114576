/**
 * #notice (role="alert"): the latest error or confirmation of the current screen. Always in the DOM,
 * empty when there is nothing to say.
 */
export class Notice {
  constructor(private readonly element: HTMLElement) {}

  show(text: string, kind: 'info' | 'error' = 'info'): void {
    this.element.textContent = text;
    this.element.dataset.kind = kind;
  }

  error(text: string): void {
    this.show(text, 'error');
  }

  clear(): void {
    this.element.textContent = '';
    delete this.element.dataset.kind;
  }

  text(): string {
    return this.element.textContent ?? '';
  }
}
