/**
 * Structural prompt-injection detector. An indirect injection has a shape: it addresses the agent (or
 * fakes a voice the agent trusts), it orders something, and the order is risky. A trigger pass finds
 * addressee, fake-voice, override and concealment words over the whole text (one regex each, linear);
 * only the sentences near a trigger, and the hidden regions, are then checked for orders and risks, so
 * text that never talks to an agent costs one pass. Findings carry their signals and a reason.
 */
import type { Finding, FindingSeverity, SignalHit } from '../finding';
import { ADDRESSEE_RX, CONCEALMENT_RX, FAKE_VOICE_RX, NEGATED_ORDER_RX, ORDER_RX, OVERRIDE_RX, RISK_RXS } from './lexicon';
import { hiddenRegions, type Region } from './regions';
import { isDiscussion } from '../discussion';

/** How far a sentence may be from the words that address the agent (same paragraph only). */
const CONTEXT_AFTER = 700;
const MAX_SENTENCE = 600;
const SENTENCE_END = /[.!?。！？](?=\s|$)|[。！？]|\n/g;

type TriggerSignal = 'addressee' | 'fake-voice' | 'override' | 'concealment';
const TRIGGERS: ReadonlyArray<readonly [TriggerSignal, RegExp]> = [
  ['fake-voice', FAKE_VOICE_RX], ['override', OVERRIDE_RX], ['concealment', CONCEALMENT_RX], ['addressee', ADDRESSEE_RX],
];

interface Trigger { signal: TriggerSignal; start: number; end: number; request: boolean }

/** Risks that alone are everyday work (reading a config, linking a URL); they count in combination. */
const WEAK_ALONE = new Set(['send-out', 'credentials', 'private-data']);
/** Risks grave enough that a polite request with no named addressee is enough to flag them. */
const STRONG = new Set(['pipe-to-shell', 'grant-access', 'agent-settings', 'disable-check']);
const REQUEST = /^(?:please|kindly|por\s{1,3}favor|per\s{1,3}favore|bitte|veuillez|lütfen|пожалуйста|请|てください|주세요)$/iu;

/** "ai" in a URL path, "agent" in user-agent or agent_id: part of a name, not someone spoken to. */
function insideIdentifier(text: string, start: number, end: number): boolean {
  if (text[start] === '@') return false;
  return /[/.\-_#=]/.test(text[start - 1] ?? '') || /^(?:[/_(=]|-[A-Za-z0-9]|\.[A-Za-z])/.test(text.slice(end, end + 2)) || text[end] === ')';
}

function findTriggers(text: string): Trigger[] {
  const out: Trigger[] = [];
  for (const [signal, regex] of TRIGGERS) {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      if (m[0].length === 0) { regex.lastIndex++; continue; }
      if (signal === 'addressee' && insideIdentifier(text, m.index, m.index + m[0].length)) continue;
      out.push({ signal, start: m.index, end: m.index + m[0].length, request: signal === 'addressee' && REQUEST.test(m[0]) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Sentences of text[from, to): bounded, split at sentence ends and newlines. */
function sentences(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const slice = text.slice(from, to);
  SENTENCE_END.lastIndex = 0;
  let start = 0;
  for (let m = SENTENCE_END.exec(slice); m !== null; m = SENTENCE_END.exec(slice)) {
    const end = m.index + m[0].length;
    for (let s = start; s < end; s += MAX_SENTENCE) out.push([from + s, from + Math.min(end, s + MAX_SENTENCE)]);
    start = end;
  }
  for (let s = start; s < slice.length; s += MAX_SENTENCE) out.push([from + s, from + Math.min(slice.length, s + MAX_SENTENCE)]);
  return out;
}

function hitsIn(regex: RegExp, text: string, start: number, end: number, signal: SignalHit['signal'], label: string): SignalHit[] {
  const part = text.slice(start, end);
  const out: SignalHit[] = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(part); m !== null; m = regex.exec(part)) {
    if (m[0].length === 0) { regex.lastIndex++; continue; }
    out.push({ signal, label, start: start + m.index, end: start + m.index + m[0].length });
  }
  return out;
}

function ordersIn(text: string, start: number, end: number): SignalHit[] {
  return hitsIn(ORDER_RX, text, start, end, 'order', 'imperative').filter((hit) => {
    const before = text.slice(Math.max(start, hit.start - 24), hit.start);
    const lead = text.slice(hit.start, hit.end).match(/^[^a-z]*/i)?.[0].length ?? 0;
    return !NEGATED_ORDER_RX.test(before + text.slice(hit.start, hit.start + lead));
  });
}

function risksIn(text: string, start: number, end: number): SignalHit[] {
  return RISK_RXS.flatMap(([label, regex]) => hitsIn(regex, text, start, end, 'risk', label));
}

/** The paragraph around a position: from the previous blank line to the next, bounded. */
function paragraphEnd(text: string, at: number): number {
  const limit = Math.min(text.length, at + CONTEXT_AFTER);
  const blank = text.indexOf('\n\n', at);
  return blank === -1 || blank > limit ? limit : blank;
}

interface Candidate { severity: FindingSeverity; start: number; end: number; signals: SignalHit[] }

/** Decides from the signals of one sentence (plus the trigger that led to it) whether it is an injection. */
function judge(trigger: Trigger | undefined, orders: SignalHit[], risks: SignalHit[]): FindingSeverity | undefined {
  const ordered = orders.length > 0;
  const risky = risks.length > 0;
  const labels = new Set(risks.map((r) => r.label));
  const leaks = labels.has('send-out') && (labels.has('credentials') || labels.has('private-data'));
  const realRisk = leaks || [...labels].some((l) => !WEAK_ALONE.has(l));
  const publishesWithSecret = labels.has('push-merge-publish') && labels.has('credentials');
  const strongRisk = leaks || publishesWithSecret || [...labels].some((l) => STRONG.has(l));
  const kind = trigger?.signal;
  if (trigger?.request) return ordered && strongRisk ? 'medium' : undefined;
  if (kind === 'override') return risky || ordered ? 'high' : 'medium';
  if (kind === 'concealment' && (ordered || risky)) return 'high';
  if (kind === 'fake-voice' && (realRisk || (ordered && risky))) return 'high';
  if (kind === 'addressee' && ordered && realRisk) return 'high';
  if (kind === 'addressee' && ordered && risky) return 'medium';
  return undefined;
}

/** Orders and risks per sentence start: many triggers in one paragraph must not re-read its sentences. */
type SentenceMemo = Map<number, { orders: SignalHit[]; risks: SignalHit[] }>;

function signalsOf(text: string, start: number, end: number, memo: SentenceMemo): { orders: SignalHit[]; risks: SignalHit[] } {
  const known = memo.get(start);
  if (known) return known;
  const orders = ordersIn(text, start, end);
  const found = { orders, risks: risksIn(text, start, end) };
  memo.set(start, found);
  return found;
}

function examine(text: string, trigger: Trigger | undefined, from: number, to: number, hidden: Region | undefined, out: Candidate[], memo: SentenceMemo): void {
  for (const [start, end] of sentences(text, from, to)) {
    const { orders, risks } = signalsOf(text, start, end, memo);
    const severity = judge(trigger, orders, risks);
    if (!severity) continue;
    const signals = [...(trigger ? [{ signal: trigger.signal, label: trigger.signal, start: trigger.start, end: trigger.end }] : []), ...orders.slice(0, 3), ...risks.slice(0, 6)];
    if (hidden) signals.push({ signal: 'position', label: hidden.kind, start: hidden.start, end: hidden.end });
    out.push({ severity: hidden && severity === 'medium' && trigger ? 'high' : severity, start: Math.min(start, trigger?.start ?? start), end, signals });
    return;
  }
}

const MAX_TRIGGERS = 2000;

export function structuralCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const regions = hiddenRegions(text);
  const memo: SentenceMemo = new Map();
  let covered = -1;
  for (const trigger of findTriggers(text).slice(0, MAX_TRIGGERS)) {
    if (trigger.start < covered) continue;
    if (trigger.signal !== 'addressee' && isDiscussion(text, trigger.start, trigger.end)) continue;
    const from = sentenceStart(text, trigger.start);
    const to = paragraphEnd(text, trigger.end);
    const before = out.length;
    examine(text, trigger, from, to, regions.find((r) => r.start <= trigger.start && trigger.start < r.end), out, memo);
    if (out.length > before) covered = out[out.length - 1]?.end ?? covered;
  }
  for (const region of regions) {
    if (out.some((c) => c.start < region.end && region.start < c.end)) continue;
    examine(text, undefined, region.start, region.end, region, out, memo);
  }
  return out;
}

function sentenceStart(text: string, at: number): number {
  const floor = Math.max(0, at - MAX_SENTENCE);
  for (let i = at - 1; i >= floor; i--) {
    const c = text[i];
    if (c === '\n' || c === '。' || c === '！' || c === '？' || ((c === '.' || c === '!' || c === '?') && /\s/.test(text[i + 1] ?? ''))) return i + 1;
  }
  return floor;
}

const SIGNAL_WORDS: Record<SignalHit['signal'], string> = {
  addressee: 'addresses the agent', 'fake-voice': 'fakes a system, admin or conversation voice', order: 'gives an order',
  risk: 'the order is risky', override: 'tells the agent to drop its instructions', concealment: 'asks to hide it from the user', position: 'sits in hidden markup',
};

export function explain(signals: readonly SignalHit[]): string {
  const parts: string[] = [];
  for (const signal of ['fake-voice', 'addressee', 'override', 'concealment', 'order', 'risk', 'position'] as const) {
    const hits = signals.filter((s) => s.signal === signal);
    if (hits.length === 0) continue;
    const labels = signal === 'risk' || signal === 'position' ? ` (${[...new Set(hits.map((h) => h.label))].join(', ')})` : '';
    parts.push(SIGNAL_WORDS[signal] + labels);
  }
  return parts.join('; ');
}

export function scanStructural(text: string): Finding[] {
  return structuralCandidates(text).map((c) => ({
    category: 'instruction-override' as const, severity: c.severity, start: c.start, end: c.end, kind: 'structural-injection',
    explanation: { signals: c.signals, reason: explain(c.signals) },
  }));
}
