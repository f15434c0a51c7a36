import type { App } from '../app';
import { button, el, empty } from '../dom';
import type { VaultDto } from '../../protocol/panelDtos';
import { runAction } from './approvals';

/** Metadata only: values are entered in VS Code's own input boxes and never reach the webview. */
export function renderVault(app: App, vault: VaultDto): Node[] {
  const toolbar = el('div', { class: 'actions' },
    button('Add secret', () => void runAction(app, 'vaultAction', { action: 'add' }), { icon: 'add', class: 'vault-add' }),
    button('Rotate…', () => void runAction(app, 'vaultAction', { action: 'rotate' }), { icon: 'sync', secondary: true }),
    button('Edit…', () => void runAction(app, 'vaultAction', { action: 'edit' }), { icon: 'edit', secondary: true, class: 'vault-edit' }));
  const note = el('p', { class: 'muted' }, vault.detail);
  if (vault.secrets.length === 0) return [toolbar, note, empty('The vault is empty.')];
  const table = el('table', { class: 'grid', id: 'vault-table' },
    el('thead', {}, el('tr', {}, ...['Name', 'Status', 'Service', 'Label', 'Created', 'Last used', 'Commands', 'Agents', ''].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...vault.secrets.map((secret) => el('tr', { 'data-secret-id': secret.id, 'data-status': secret.status },
      el('td', { class: 'mono' }, secret.id), el('td', { class: 'vault-status', title: secret.note }, secret.status === 'ok' ? 'ok' : secret.note),
      el('td', {}, secret.service), el('td', {}, secret.label), el('td', {}, secret.created),
      el('td', {}, secret.lastUsed ?? 'never'), el('td', { class: 'mono' }, secret.allowedCommands.join(', ') || 'none'),
      el('td', {}, secret.allowedAgents.join(', ') || 'none'),
      el('td', {}, button('Delete', () => void runAction(app, 'vaultAction', { action: 'delete', id: secret.id }), { icon: 'trash', class: 'danger small', title: `Delete ${secret.id}` }))))));
  return [toolbar, note, table];
}
