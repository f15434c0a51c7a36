import type { App } from '../app';
import { badge, button, el, empty, formatTime, icon } from '../dom';
import type { Snapshot } from '../../protocol/panelMessages';

const LAYER_ICONS = { ok: 'pass-filled', warning: 'warning', error: 'error', unknown: 'question' } as const;
const COUNTERS: [keyof Snapshot['counters'], string][] = [
  ['operations', 'Operations'], ['allowed', 'Allowed'], ['asked', 'Asked'], ['denied', 'Denied'], ['pending', 'Pending'], ['anomalies', 'Anomalies'],
];

export function renderOverview(app: App, data: Snapshot): Node[] {
  const layers = el('ul', { class: 'layers', id: 'layers' }, ...data.layers.map((layer) =>
    el('li', { class: `layer layer-${layer.state}`, 'data-layer': layer.id },
      icon(LAYER_ICONS[layer.state]), el('strong', {}, layer.label), el('span', { class: 'layer-state' }, ` ${layer.state}`),
      el('div', { class: 'detail' }, layer.detail))));
  const counters = el('dl', { class: 'counters', id: 'counters' }, ...COUNTERS.flatMap(([key, label]) =>
    [el('div', { class: 'counter', 'data-counter': key }, el('dd', {}, String(data.counters[key])), el('dt', {}, label))]));
  const recent = data.recent.length === 0
    ? empty('No activity recorded yet.')
    : el('ul', { class: 'activity', id: 'recent' }, ...data.recent.map((row) =>
      el('li', {}, badge(row.result, row.result), ' ', el('span', { class: 'mono' }, row.target), el('span', { class: 'muted' }, ` · ${row.agent} · ${formatTime(row.time)}`))));
  return [
    el('section', { 'aria-labelledby': 'h-layers' }, el('h2', { id: 'h-layers' }, 'Protection layers'), layers),
    el('section', { 'aria-labelledby': 'h-counters' }, el('h2', { id: 'h-counters' }, 'This session'), counters),
    el('section', { 'aria-labelledby': 'h-recent' }, el('h2', { id: 'h-recent' }, 'Recent activity'), recent),
    el('section', { class: 'connection' },
      withId(button('Check connection', () => void ping(app), { icon: 'plug', secondary: true, class: 'small' }), 'ping-button'),
      el('span', { id: 'ping-reply', 'aria-live': 'polite' }, app.drafts.get('ping-reply') ?? '')),
  ];
}

async function ping(app: App): Promise<void> {
  try {
    const pong = await app.rpc.request('ping', { source: 'button' });
    app.drafts.set('ping-reply', `Extension replied: pong #${pong.count}`);
  } catch {
    app.drafts.set('ping-reply', 'The extension did not answer the ping.');
  }
  const reply = document.getElementById('ping-reply');
  if (reply) reply.textContent = app.drafts.get('ping-reply') ?? '';
}

function withId<T extends HTMLElement>(node: T, id: string): T {
  node.id = id;
  return node;
}
