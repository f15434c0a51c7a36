import type { App } from '../app';
import { badge, button, el, empty, input } from '../dom';
import type { PanelRequestResults } from '../../protocol/panelMessages';
import type { PolicyDto } from '../../protocol/panelDtos';

const whatIf: { result?: PanelRequestResults['whatIf']; error?: string } = {};

export function renderPolicy(app: App, policy: PolicyDto): Node[] {
  return [whatIfBox(app), ...effective(policy)];
}

function whatIfBox(app: App): HTMLElement {
  const kind = el('select', { id: 'whatif-kind', 'data-key': 'whatif-kind', 'aria-label': 'Operation' },
    ...(['command', 'read', 'write', 'delete'] as const).map((k) => el('option', { value: k, ...(k === app.ui.whatIf.kind ? { selected: '' } : {}) }, k === 'command' ? 'run command' : `${k} path`)));
  const text = input({ id: 'whatif-text', 'data-key': 'whatif-text', class: 'mono', value: app.ui.whatIf.text, placeholder: 'e.g. git push --force, or ~/.ssh/id_rsa', 'aria-label': 'Command or path' });
  const check = () => {
    app.ui.whatIf = { kind: kind.value as typeof app.ui.whatIf.kind, text: text.value };
    app.saveUi();
    if (text.value.trim() === '') return;
    void app.rpc.request('whatIf', { kind: app.ui.whatIf.kind, text: text.value })
      .then((result) => { whatIf.result = result; whatIf.error = undefined; })
      .catch((error: unknown) => { whatIf.error = error instanceof Error ? error.message : String(error); })
      .finally(() => document.getElementById('whatif-result')?.replaceChildren(...outcome()));
  };
  text.addEventListener('keydown', (event) => { if (event.key === 'Enter') check(); });
  return el('section', { 'aria-labelledby': 'h-whatif' }, el('h2', { id: 'h-whatif' }, 'What would happen if an agent ran…'),
    el('div', { class: 'row' }, kind, text, button('Check', check, { icon: 'play', class: 'whatif-check' })),
    el('div', { id: 'whatif-result', role: 'status' }, ...outcome()));
}

function outcome(): Node[] {
  if (whatIf.error) return [el('p', { class: 'error-text' }, whatIf.error)];
  const result = whatIf.result;
  if (!result) return [];
  if (!result.decision) return [el('p', { class: 'error-text' }, result.message)];
  const d = result.decision;
  return [
    el('p', {}, badge(d.verdict, d.verdict), ' ', badge(`${d.risk} risk`, d.risk)),
    d.reasons.length > 0 && el('ul', { class: 'reasons' }, ...d.reasons.map((r) => el('li', {}, r))),
    d.rules.length > 0 && el('div', {}, el('h3', {}, 'Rules that fired'), el('ul', { class: 'rules' }, ...d.rules.map((r) => el('li', {}, el('span', { class: 'mono' }, `${r.source}:${r.ruleId}`), ` ${r.effect} — ${r.description}`)))),
    d.subcommands.length > 1 && el('div', {}, el('h3', {}, 'Per command'), el('ul', {}, ...d.subcommands.map((s) => el('li', {}, badge(s.verdict, s.verdict), ' ', el('span', { class: 'mono' }, s.command), ` — ${s.reasons.join('; ')}`)))),
  ].filter((n) => n instanceof HTMLElement);
}

function effective(policy: PolicyDto): Node[] {
  if (!policy.loaded) return [empty('Loading the policy…')];
  const problems = policy.problems.length === 0 ? empty('No problems.') : el('ul', { class: 'problems', id: 'policy-problems' }, ...policy.problems.map((p) =>
    el('li', { class: 'error-text' }, el('span', { class: 'mono' }, `${p.file} ${p.location}`), ` — ${p.message}`)));
  return [
    el('section', { 'aria-labelledby': 'h-layers-p' }, el('h2', { id: 'h-layers-p' }, 'Layers (later ones can only tighten)'),
      el('ol', { id: 'policy-layers' }, ...policy.layers.map((layer) => el('li', { class: 'mono' }, layer))),
      policy.degraded ? el('p', { class: 'error-text' }, 'A layer is broken: Agent Guard uses the last good version or strict defaults.') : '',
      policy.trusted ? '' : el('p', { class: 'warning-text' }, 'This workspace is not trusted: its policy can only tighten.')),
    el('section', { 'aria-labelledby': 'h-problems' }, el('h2', { id: 'h-problems' }, `Problems (${policy.problems.length})`), problems),
    el('section', { 'aria-labelledby': 'h-summary' }, el('h2', { id: 'h-summary' }, 'Effective settings'),
      el('dl', { class: 'summary' }, ...policy.summary.flatMap((s) => [el('dt', {}, s.label), el('dd', {}, s.value)]))),
    el('section', { 'aria-labelledby': 'h-rules' }, el('h2', { id: 'h-rules' }, `Command rules (${policy.rules.length})`),
      policy.rules.length === 0 ? empty('No command rules beyond the template.') : el('table', { class: 'grid' },
        el('thead', {}, el('tr', {}, ...['Layer', 'Id', 'Effect', 'Match', 'Description'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ...policy.rules.map((r) => el('tr', {}, el('td', {}, r.source), el('td', { class: 'mono' }, r.id), el('td', {}, badge(r.effect, r.effect)), el('td', { class: 'mono' }, r.match), el('td', {}, r.description ?? '')))))),
  ];
}
