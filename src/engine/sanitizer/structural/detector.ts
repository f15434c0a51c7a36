/**
 * Structural prompt-injection detector. An indirect injection has a shape: it addresses the agent (or
 * fakes a voice the agent trusts), it orders something, and the order is risky. A trigger pass finds
 * addressee, fake-voice, override and concealment words over the whole text (one anchored literal scan,
 * see matchers.ts); only the sentences near a trigger, and the hidden regions, are then checked for
 * orders and risks, so text that never talks to an agent costs one scan. Work is bounded: each sentence's
 * signals are read once (sentences.ts), and a trigger never re-judges sentences that a trigger of its
 * kind already found clean. Findings carry their signals and a reason.
 */
import type { Finding, FindingSeverity, SignalHit } from '../finding';
import { isDiscussion } from '../discussion';
import { NEGATED_AFTER_RX, NEGATED_ORDER_RX, NEGATED_RISK_RX, type TriggerSignal } from './lexicon';
import { orderHits, riskHits, triggerHits } from './matchers';
import { hiddenRegions, type Region } from './regions';
import { paragraphEnd, sentenceStarts, sentences } from './sentences';
import { negatedModal, stanceOf, type Stance } from './stance';

interface Trigger { signal: TriggerSignal; start: number; end: number; request: boolean; stance?: Stance }

/** Risks that alone are everyday work (reading a config, linking a URL); they count in combination. */
const WEAK_ALONE = new Set(['send-out', 'credentials', 'private-data']);
/** Risks grave enough that a polite request with no named addressee is enough to flag them. */
const STRONG = new Set(['pipe-to-shell', 'grant-access', 'agent-settings', 'disable-check', 'move-money', 'destroy', 'persist', 'download-and-run']);
/** Positions where nobody writes for a human reader: text there that names the agent is speaking to it. */
const UNSEEN = new Set(['html-comment', 'alt-text', 'decoded']);
const REQUEST = /^(?:please|kindly|por\s{1,3}favor|per\s{1,3}favore|bitte|veuillez|lütfen|пожалуйста|请|てください|주세요)$/iu;
const MAX_TRIGGERS = 2000;
/** A sentence that opens by saying what to do in place of the forbidden thing. */
const CONTRAST = /^\s{0,3}(?:instead|rather|en\s{1,3}su\s{1,3}lugar|en\s{1,3}cambio|em\s{1,3}vez\s{1,3}disso|ao\s{1,3}inv[ée]s|stattdessen|vielmehr|à\s{1,3}la\s{1,3}place|plutôt|au\s{1,3}lieu|invece|piuttosto|вместо\s{1,3}этого|лучше|bunun\s{1,3}yerine|onun\s{1,3}yerine|代わりに|その代わり|대신|而是|相反|改为)/iu;

/** "ai" in a URL path, "agent" in user-agent or agent_id: part of a name, not someone spoken to. */
function insideIdentifier(text: string, start: number, end: number): boolean {
  if (text[start] === '@') return false;
  const before = text[start - 1] ?? '';
  return /[/.\-_#=]/.test(before) || /^(?:[/_(=]|-[A-Za-z0-9]|\.[A-Za-z])/.test(text.slice(end, end + 2)) || (text[end] === ')' && before === '(');
}

function findTriggers(text: string): Trigger[] {
  const out: Trigger[] = [];
  for (const { tag: signal, start, end, text: matched } of triggerHits(text)) {
    if (signal === 'addressee' && insideIdentifier(text, start, end)) continue;
    out.push({ signal, start, end, request: signal === 'addressee' && REQUEST.test(matched) });
  }
  return out.sort((a, b) => a.start - b.start).slice(0, MAX_TRIGGERS);
}

/** A question orders nothing ("Can the agent push to my repo?"), unless it is a polite request to the reader. */
const QUESTION = /\?\s{0,3}["')\]]{0,2}\s{0,3}$/;
const POLITE_REQUEST = /^\W{0,6}(?:(?:hey|hi|so|and|also|ok)\W{1,3})?(?:can|could|would|will)\s{1,3}you\b/i;

function ordersIn(text: string, start: number, end: number): SignalHit[] {
  const sentence = text.slice(start, end);
  if (QUESTION.test(sentence) && !POLITE_REQUEST.test(sentence)) return [];
  return orderHits(sentence).flatMap((hit): SignalHit[] => {
    const at = start + hit.start;
    const lead = hit.text.match(/^[^a-z]*/i)?.[0].length ?? 0;
    if (NEGATED_ORDER_RX.test(text.slice(Math.max(start, at - 24), at) + hit.text.slice(0, lead))) return [];
    // "must not", "should never": a negated obligation orders nothing.
    if (NEGATED_AFTER_RX.test(text.slice(start + hit.end, Math.min(end, start + hit.end + 12)))) return [];
    return [{ signal: 'order', label: 'imperative', start: at, end: start + hit.end }];
  }).sort((a, b) => a.start - b.start);
}

function risksIn(text: string, start: number, end: number): SignalHit[] {
  return riskHits(text.slice(start, end))
    .filter((hit) => !NEGATED_RISK_RX.test(text.slice(Math.max(start, start + hit.start - 24), start + hit.start)))
    .map((hit): SignalHit => ({ signal: 'risk', label: hit.tag, start: start + hit.start, end: start + hit.end }))
    .sort((a, b) => a.start - b.start);
}

interface Candidate { severity: FindingSeverity; start: number; end: number; signals: SignalHit[] }

/**
 * Decides from the signals of one sentence (plus the trigger that led to it) whether it is an injection.
 * An addressee spoken to (direct) or made the subject of an obligation (modal) needs an order and a risk;
 * one only spoken about (mention: docs, advisories) needs an order and a grave risk, and then warns only.
 */
function judge(trigger: Trigger | undefined, orders: SignalHit[], risks: SignalHit[], carriedScope: 'no' | 'contrast' | 'plain' = 'no'): FindingSeverity | undefined {
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
  if (kind !== 'addressee') return undefined;
  if (trigger?.stance === 'object') return undefined;
  // The sentence after "agents must not X" is in scope when it says what to do instead ("Instead, Y"), but
  // advice to a human follows there as often ("Use a scoped token"): without the contrast, an order there
  // needs a risk that is not everyday work.
  if (carriedScope === 'plain') return ordered && realRisk ? 'high' : undefined;
  if (trigger?.stance !== 'mention') return ordered && risky ? 'high' : undefined;
  return ordered && strongRisk ? 'medium' : undefined;
}

/** Per-input state: each sentence's signals (by start), and how far each kind of trigger found text clean. */
class Reading {
  private readonly signals = new Map<number, { orders: SignalHit[]; risks: SignalHit[] }>();
  private readonly cleanUpTo = new Map<string, number>();
  readonly out: Candidate[] = [];
  constructor(readonly text: string, private readonly unseen: boolean) {}

  /** Unseen text (a comment, alt text, a decoded payload) that names the agent speaks to it. */
  stanceOf(trigger: Trigger, hidden: Region | undefined): Stance {
    const stance = stanceOf(this.text, trigger.start, trigger.end);
    return stance === 'mention' && (this.unseen || UNSEEN.has(hidden?.kind ?? '')) ? 'direct' : stance;
  }

  signalsOf(start: number, end: number): { orders: SignalHit[]; risks: SignalHit[] } {
    let found = this.signals.get(start);
    if (!found) {
      found = { orders: ordersIn(this.text, start, end), risks: risksIn(this.text, start, end) };
      this.signals.set(start, found);
    }
    return found;
  }

  /** Judges the sentences of [from, to) for one trigger (or a hidden region); true when one was flagged. */
  examine(trigger: Trigger | undefined, from: number, to: number, hidden: Region | undefined): boolean {
    // A negative judgement depends only on the trigger's kind and the sentence, so it never needs redoing.
    if (trigger?.signal === 'addressee' && !trigger.request) trigger.stance = this.stanceOf(trigger, hidden);
    const kind = trigger ? `${trigger.signal}:${trigger.request}:${trigger.stance ?? ''}` : undefined;
    const clean = kind ? this.cleanUpTo.get(kind) ?? -1 : -1;
    // Every sentence up to `clean` was judged clean for this kind of trigger already.
    if (clean >= to) return false;
    const start0 = clean > from ? clean : from;
    let scopeEnd = Infinity;
    let ownEnd = Infinity;
    const scoped = trigger !== undefined && (trigger.stance === 'modal' || trigger.stance === 'mention');
    for (const [start, end] of sentences(this.text, start0, to)) {
      // A mention or an obligation binds its own sentence, not the paragraph (whose other orders are for a
      // human reader); a negated obligation binds the next one too ("AI agents must not X. Instead, Y").
      if (scoped && (end <= trigger.start || start >= scopeEnd)) continue;
      if (scoped && end > trigger.end && scopeEnd === Infinity) {
        ownEnd = end;
        scopeEnd = trigger.stance === 'modal' && negatedModal(this.text, trigger.end) ? end + 1 : end;
      }
      const { orders, risks } = this.signalsOf(start, end);
      const carried = !scoped || start < ownEnd ? 'no' : CONTRAST.test(this.text.slice(start, start + 40)) ? 'contrast' : 'plain';
      const severity = judge(trigger, orders, risks, carried);
      if (!severity) { if (kind && end > clean && !scoped) this.cleanUpTo.set(kind, end); continue; }
      const signals: SignalHit[] = [...(trigger ? [{ signal: trigger.signal, label: trigger.signal, start: trigger.start, end: trigger.end }] : []), ...orders.slice(0, 3), ...risks.slice(0, 6)];
      if (hidden) signals.push({ signal: 'position', label: hidden.kind, start: hidden.start, end: hidden.end });
      this.out.push({ severity: hidden && severity === 'medium' && trigger ? 'high' : severity, start: Math.min(start, trigger?.start ?? start), end, signals });
      return true;
    }
    return false;
  }
}

/** The innermost hidden region around a position (regions sorted by start; nesting is shallow, so only a few are looked at). */
function regionAt(regions: readonly Region[], at: number): Region | undefined {
  let lo = 0;
  let hi = regions.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if ((regions[mid]?.start ?? 0) <= at) lo = mid + 1; else hi = mid; }
  for (let i = lo - 1; i >= 0 && i >= lo - 8; i--) { const r = regions[i]; if (r && at < r.end) return r; }
  return undefined;
}

/** `unseen`: the whole text was hidden from a human reader (a decoded payload, a file name read as words). */
export function structuralCandidates(raw: string, unseen = false): Candidate[] {
  // Escaped line breaks inside JSON strings ("fix typo\n\nAgent: ...") break lines and words like real ones.
  const text = raw.includes('\\') ? raw.replace(/\\[nrt]/g, ' \n') : raw;
  const reading = new Reading(text, unseen);
  const regions = hiddenRegions(text).sort((a, b) => a.start - b.start);
  let covered = -1;
  const sentenceStart = sentenceStarts(text);
  for (const trigger of findTriggers(text)) {
    if (trigger.start < covered) continue;
    if (trigger.signal !== 'addressee' && isDiscussion(text, trigger.start, trigger.end)) continue;
    if (reading.examine(trigger, sentenceStart(trigger.start), paragraphEnd(text, trigger.end), regionAt(regions, trigger.start))) {
      covered = reading.out[reading.out.length - 1]?.end ?? covered;
    }
  }
  // Trigger findings are in order and disjoint, so one pointer walks them; a region inside a region already
  // flagged is skipped too.
  const byTrigger = [...reading.out];
  let next = 0;
  let lastRegionEnd = -1;
  for (const region of regions) {
    while ((byTrigger[next]?.end ?? Infinity) <= region.start) next++;
    const overlaps = (byTrigger[next]?.start ?? Infinity) < region.end || region.start < lastRegionEnd;
    if (!overlaps && reading.examine(undefined, region.start, region.end, region)) lastRegionEnd = region.end;
  }
  return reading.out;
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

export function scanStructural(text: string, unseen = false): Finding[] {
  return structuralCandidates(text, unseen).map((c) => ({
    category: 'instruction-override' as const, severity: c.severity, start: c.start, end: c.end, kind: 'structural-injection',
    explanation: { signals: c.signals, reason: explain(c.signals) },
  }));
}
