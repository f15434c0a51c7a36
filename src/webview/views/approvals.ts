import type { App } from '../app';
import { badge, button, el, empty, formatTime, input } from '../dom';
import type { ApprovalDto } from '../../protocol/panelDtos';
import type { PanelMethod, PanelParams } from '../../protocol/panelMessages';

/**
 * Cards by request id (plus the agent name they show). A request never changes while it waits, so an
 * update that adds one request builds one card and reuses the rest, with their typed text.
 */
const cards = new Map<string, { agentName: string; node: HTMLElement }>();

/** Pending requests, newest first (the host sorts them). */
export function renderApprovals(app: App, approvals: readonly ApprovalDto[]): Node[] {
  const live = new Set(approvals.map((request) => request.id));
  for (const id of cards.keys()) {
    if (live.has(id)) continue;
    cards.delete(id);
    for (const key of ['confirm', 'deny-reason', 'edit']) app.drafts.delete(`${key}-${id}`);
  }
  if (approvals.length === 0) return [empty('Nothing is waiting for your decision.')];
  const nodes = approvals.map((request) => {
    const cached = cards.get(request.id);
    if (cached && cached.agentName === request.agentName) return cached.node;
    const node = card(app, request);
    cards.set(request.id, { agentName: request.agentName, node });
    return node;
  });
  return [el('ol', { class: 'cards', id: 'approvals', 'aria-label': `${approvals.length} pending request(s)` }, ...nodes)];
}

function card(app: App, request: ApprovalDto): HTMLElement {
  const id = request.id;
  const draft = (key: string, initial: string, attrs: Record<string, string>) => {
    const field = input({ ...attrs, 'data-key': `${key}-${id}`, value: app.drafts.get(`${key}-${id}`) ?? initial });
    field.addEventListener('input', () => app.drafts.set(`${key}-${id}`, field.value));
    return field;
  };
  const confirmation = request.confirmationWord === undefined ? undefined
    : draft('confirm', '', { class: 'confirm-word', 'aria-label': `Type ${request.confirmationWord} to confirm this critical operation`, placeholder: `type "${request.confirmationWord}" to confirm` });
  const confirm = () => confirmation?.value.trim() || undefined;
  const act = <M extends PanelMethod>(method: M, params: PanelParams[M]) => () => void run(app, method, params);

  const actions = el('div', { class: 'actions' },
    button('Approve once', () => act('approve', { id, scope: 'once', confirmation: confirm() })(), { icon: 'check', class: 'approve-once' }),
    button('Approve for session', () => act('approve', { id, scope: 'session', confirmation: confirm() })(), { icon: 'check-all', class: 'approve-session', secondary: true }),
    request.suggestedRule && button('Always allow', act('approve', { id, scope: 'always' }), { icon: 'pass', class: 'approve-always', secondary: true, title: `Writes the rule: ${request.suggestedRule.description}` }),
    request.hasDiff && button('Show diff', act('showDiff', { id }), { icon: 'diff', class: 'show-diff', secondary: true }),
  );
  const denyReason = draft('deny-reason', '', { class: 'deny-reason', 'aria-label': 'Reason for the agent (optional)', placeholder: 'reason for the agent (optional)' });
  const deny = el('div', { class: 'row' }, denyReason,
    button('Deny', () => act('deny', { id, reason: denyReason.value.trim() || undefined })(), { icon: 'circle-slash', class: 'deny danger' }));
  let edit: HTMLElement | undefined;
  if (request.kind === 'command') {
    const command = draft('edit', request.target, { class: 'edit-command mono', 'aria-label': 'Edited command' });
    edit = el('div', { class: 'row' }, command,
      button('Edit, then approve', () => {
        if (command.value.trim() === '') return app.notify('The edited command is empty.', false);
        act('editApprove', { id, command: command.value, confirmation: confirm() })();
      }, { icon: 'edit', class: 'edit-approve', secondary: true, title: 'The edited command is checked against the policy again' }));
  }
  return el('li', { class: `card risk-${request.risk}`, 'data-approval-id': id },
    el('div', { class: 'card-head' }, badge(request.risk, request.risk), ' ', badge(request.verdict, request.verdict), ' ',
      el('strong', { class: 'agent' }, request.agentName), el('span', { class: 'muted' }, ` (${request.agentId}) · ${request.kind} · ${formatTime(request.createdAt)} · expires ${formatTime(request.expiresAt)}`)),
    el('div', { class: 'target mono' }, request.target),
    request.reasons.length > 0 && el('ul', { class: 'reasons' }, ...request.reasons.map((reason) => el('li', {}, reason))),
    request.rules.length > 0 && el('ul', { class: 'rules' }, ...request.rules.map((rule) => el('li', {}, el('span', { class: 'mono' }, `${rule.source}:${rule.ruleId}`), ` ${rule.effect} — ${rule.description}`))),
    request.suggestedRule ? el('p', { class: 'suggested muted' }, `"Always allow" writes: ${request.suggestedRule.description}`) : el('p', { class: 'suggested muted' }, 'Critical: cannot be allowed permanently.'),
    confirmation, actions, edit, deny);
}

async function run<M extends PanelMethod>(app: App, method: M, params: PanelParams[M]): Promise<void> {
  try {
    const result = await app.rpc.request(method, params) as { ok: boolean; message: string };
    app.notify(result.message, result.ok);
  } catch (error) {
    app.notify(error instanceof Error ? error.message : String(error), false);
  }
}

export { run as runAction };
