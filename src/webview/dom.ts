// DOM helpers for the panel. Text goes in with textContent only, never innerHTML, so nothing an agent
// supplies (commands, paths, reasons, names) can become markup or script.

export type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** A codicon glyph (font shipped in media/codicons); decorative, hidden from screen readers. */
export function icon(name: string): HTMLElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

export function button(label: string, onClick: () => void, options: { icon?: string; class?: string; title?: string; secondary?: boolean } = {}): HTMLButtonElement {
  const classes = [options.class, options.secondary ? 'secondary' : undefined].filter(Boolean).join(' ');
  const node = el('button', { type: 'button', class: classes || undefined, title: options.title }, options.icon ? icon(options.icon) : undefined, label);
  node.addEventListener('click', onClick);
  return node;
}

export function input(attrs: Record<string, string | undefined>): HTMLInputElement {
  return el('input', { type: 'text', ...attrs });
}

export function formatTime(epochOrIso: number | string): string {
  const date = new Date(epochOrIso);
  return Number.isNaN(date.getTime()) ? String(epochOrIso) : date.toLocaleString();
}

export function badge(text: string, kind: string): HTMLElement {
  return el('span', { class: `badge badge-${kind}` }, text);
}

export function empty(text: string): HTMLElement {
  return el('p', { class: 'empty' }, text);
}
