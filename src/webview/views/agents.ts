import type { App } from '../app';
import { badge, button, el, empty, formatTime } from '../dom';
import type { AgentDto, HooksDto } from '../../protocol/panelDtos';
import { runAction } from './approvals';
import { renderHooks } from './hooks';

const PROFILES = ['read-only', 'execute', 'admin'] as const;

export function renderAgents(app: App, agents: readonly AgentDto[], hooks?: HooksDto): Node[] {
  if (agents.length === 0) return [empty('No agent has registered yet.'), renderHooks(app, hooks)];
  const waiting = agents.filter((a) => a.status === 'pending');
  const known = agents.filter((a) => a.status !== 'pending');
  return [
    el('section', { 'aria-labelledby': 'h-waiting' }, el('h2', { id: 'h-waiting' }, `Waiting for approval (${waiting.length})`),
      waiting.length === 0 ? empty('No new agents.') : el('ul', { class: 'cards', id: 'pending-agents' }, ...waiting.map((agent) => row(app, agent)))),
    el('section', { 'aria-labelledby': 'h-known' }, el('h2', { id: 'h-known' }, `Known agents (${known.length})`),
      known.length === 0 ? empty('None yet.') : el('ul', { class: 'cards', id: 'known-agents' }, ...known.map((agent) => row(app, agent)))),
    renderHooks(app, hooks),
  ];
}

function row(app: App, agent: AgentDto): HTMLElement {
  const id = agent.id;
  const profile = el('select', { 'aria-label': `Profile of ${agent.name}`, 'data-key': `profile-${id}`, class: 'profile' },
    ...PROFILES.map((p) => el('option', { value: p, ...(p === agent.profile ? { selected: '' } : {}) }, p)));
  const chosen = () => profile.value as (typeof PROFILES)[number];
  const actions = agent.status === 'pending'
    ? [button('Approve', () => void runAction(app, 'agentAction', { id, action: 'approve', profile: chosen() }), { icon: 'check', class: 'agent-approve', title: 'Approve with the chosen profile' }),
      button('Reject', () => void runAction(app, 'agentAction', { id, action: 'reject' }), { icon: 'close', class: 'agent-reject danger' })]
    : [button('Set profile', () => void runAction(app, 'agentAction', { id, action: 'setProfile', profile: chosen() }), { icon: 'settings-gear', secondary: true }),
      agent.paused
        ? button('Resume', () => void runAction(app, 'agentAction', { id, action: 'resume' }), { icon: 'debug-continue', secondary: true })
        : button('Pause', () => void runAction(app, 'agentAction', { id, action: 'pause' }), { icon: 'debug-pause', secondary: true }),
      agent.status === 'approved' && button('Reject', () => void runAction(app, 'agentAction', { id, action: 'reject' }), { icon: 'close', class: 'danger' })];
  return el('li', { class: 'card', 'data-agent-id': id },
    el('div', { class: 'card-head' }, badge(agent.status, agent.status), ' ', agent.paused ? badge('paused', 'paused') : '', ' ',
      el('strong', {}, agent.name), el('span', { class: 'muted' }, ` (${agent.id}) · registered ${formatTime(agent.registeredAt)}`)),
    el('div', { class: 'muted' }, `Rate limit: ${agent.rateLimit ?? 'unknown'}`),
    rateStateLine(agent),
    ...taintLines(app, agent),
    el('div', { class: 'actions' }, profile, ...actions.filter((a): a is HTMLButtonElement => a instanceof HTMLButtonElement)));
}

type TaintedSessionDto = NonNullable<AgentDto['tainted']>[number];

/** Per session: whether it read untrusted content recently, what, and when; its riskiest operations ask meanwhile. */
function taintLines(app: App, agent: AgentDto): HTMLElement[] {
  const sessions = agent.tainted ?? [];
  if (sessions.length === 0) return [el('div', { class: 'muted taint-state' }, 'Taint: none (no untrusted content read recently)')];
  return sessions.map((taint) => taintLine(app, agent.id, taint));
}

function taintLine(app: App, id: string, taint: TaintedSessionDto): HTMLElement {
  const reads = taint.sources.map((source) => `${source.text} at ${formatTime(source.at)}`).join('; ');
  const who = taint.session !== undefined ? `Session ${taint.session}: tainted` : 'Tainted';
  const scope = taint.session !== undefined ? 'in this session' : 'in every session of this agent (the reads name no session)';
  const session = taint.session !== undefined ? { session: taint.session } : {};
  return el('div', { class: 'taint-state warning-text', 'data-session': taint.session ?? '' },
    `${who} since ${formatTime(taint.since)}: it read ${reads}. Until the window passes, sending credentials out, changing agent settings and running downloaded code ask first ${scope}. `,
    button('Clear taint', () => void runAction(app, 'clearTaint', { id, ...session }), { icon: 'shield', secondary: true, class: 'clear-taint', title: 'You checked what it read: stop treating this session as tainted (recorded in the audit log)' }));
}

/** The live allowance as of the last update (the host resends it after each of the agent's operations). */
function rateStateLine(agent: AgentDto): HTMLElement {
  const live = agent.rateState;
  if (!live) return el('div', { class: 'muted rate-state' }, 'Allowance now: unknown');
  const refill = live.nextTokenAt !== undefined ? `, next at ${formatTime(live.nextTokenAt)}` : ' (full)';
  const text = `Allowance now: ${live.tokensLeft}/${live.burst} back-to-back${refill}; ${live.hourlyLeft}/${live.perHour} left this hour (as of ${formatTime(live.at)})`;
  const exhausted = live.tokensLeft === 0 || live.hourlyLeft === 0;
  return el('div', { class: exhausted ? 'rate-state warning-text' : 'muted rate-state' }, text);
}
