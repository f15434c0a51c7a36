import type { App } from '../app';
import { badge, button, el, empty, formatTime } from '../dom';
import type { AnomalyDto } from '../../protocol/panelDtos';
import { runAction } from './approvals';

export function renderAnomalies(app: App, anomalies: readonly AnomalyDto[]): Node[] {
  if (anomalies.length === 0) return [empty('No anomalies detected.')];
  return [el('ul', { class: 'cards', id: 'anomalies' }, ...anomalies.map((anomaly) =>
    el('li', { class: `card severity-${anomaly.severity}${anomaly.reviewed ? ' reviewed' : ''}`, 'data-anomaly-id': anomaly.id },
      el('div', { class: 'card-head' }, badge(anomaly.severity, anomaly.severity), ' ', el('strong', {}, anomaly.rule),
        el('span', { class: 'muted' }, ` · ${anomaly.agent} · ${formatTime(anomaly.at)}${anomaly.reviewed ? ' · reviewed' : ''}`)),
      el('p', {}, anomaly.message),
      anomaly.evidence.length > 0 && el('details', {}, el('summary', {}, `Evidence (${anomaly.evidence.length})`),
        el('ul', { class: 'evidence' }, ...anomaly.evidence.map((line) => el('li', { class: 'mono' }, line)))),
      !anomaly.reviewed && el('div', { class: 'actions' },
        button('Mark reviewed', () => void runAction(app, 'markReviewed', { id: anomaly.id }), { icon: 'eye', class: 'mark-reviewed', secondary: true })))))];
}
