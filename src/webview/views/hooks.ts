/**
 * The Agents tab's "Agent hooks" section: per agent, whether the Agent Guard hook is installed and
 * whether that agent will actually run it, with the one command that fixes an inactive hook. Text
 * only (textContent through el()); the host probes only when "Check hooks" is pressed.
 */
import type { App } from '../app';
import { badge, button, el, empty, formatTime } from '../dom';
import type { HookHealthDto, HooksDto } from '../../protocol/panelDtos';
import { runAction } from './approvals';

const BADGE: Record<HookHealthDto['state'], string> = { active: 'allow', inactive: 'warning', unknown: 'warning', 'not-installed': 'info' };

export function renderHooks(app: App, hooks: HooksDto | undefined): HTMLElement {
  const checking = hooks?.checking === true;
  const check = button(checking ? 'Checking…' : 'Check hooks', () => void runAction(app, 'checkHooks', {}),
    { icon: 'refresh', class: 'check-hooks', secondary: true, title: 'Ask each agent CLI whether it will run the Agent Guard hook (starts the CLIs; reads only)' });
  if (checking) check.disabled = true;
  const status = hooks?.checkedAt !== undefined ? `Checked ${formatTime(hooks.checkedAt)}.` : 'Not checked yet in this window.';
  const rows = hooks?.rows ?? [];
  return el('section', { 'aria-labelledby': 'h-hooks' }, el('h2', { id: 'h-hooks' }, 'Agent hooks'),
    el('div', { class: 'actions' }, check, el('span', { class: 'muted hooks-status' }, ` ${status}`)),
    hooks?.problem ? el('p', { class: 'warning-text hooks-problem' }, hooks.problem) : undefined,
    rows.length === 0 ? empty('Press "Check hooks" to see whether each agent will run the Agent Guard hook.')
      : el('ul', { class: 'cards', id: 'hook-health' }, ...rows.map(hookRow)));
}

function hookRow(row: HookHealthDto): HTMLElement {
  const warn = row.state === 'inactive' || row.state === 'unknown';
  return el('li', { class: 'card', 'data-hook-agent': row.agent, 'data-hook-state': row.state },
    el('div', { class: 'card-head' }, badge(row.state, BADGE[row.state]), ' ', el('strong', {}, row.agentName),
      el('span', { class: 'muted' }, row.version ? ` ${row.version}` : ' (not on PATH)')),
    el('div', { class: warn ? 'warning-text hook-summary' : 'muted hook-summary' }, row.summary),
    row.installed && row.failOpenOnCrash ? el('div', { class: 'muted' }, `Note: ${row.failOpenOnCrash}`) : undefined,
    row.fix && row.state !== 'not-installed' ? el('div', { class: 'hook-fix' }, warn ? 'Fix: ' : 'Advice: ', el('code', {}, row.fix)) : undefined,
    row.state === 'not-installed' && row.fix ? el('div', { class: 'muted' }, row.fix) : undefined);
}
