/**
 * Prompt-injection phrasing for the inbound scan. Whitespace runs and optional words are bounded so no
 * pattern can backtrack catastrophically; `anchors` (lower-case) say where a match can be, so
 * the scan runs each regex only near those words (see inbound.ts).
 * Patterns aim at text that *addresses the model* ("ignore your previous instructions"), not at words
 * that merely appear in ordinary docs ("ignore whitespace", "the system prompt is configurable").
 */
import type { FindingCategory, FindingSeverity } from './finding';

export interface InjectionPattern {
  kind: string;
  category: FindingCategory;
  severity: FindingSeverity;
  regex: RegExp;
  /** Lower-case literals of which at least one occurs inside every match (usually its first word). */
  anchors: readonly string[];
  /** How far before its anchor a match can begin; 0 means every match begins at an anchor. */
  lead: number;
  /**
   * Every match holds one of the anchors at an ASCII word start (after `\b`, `\s`, `<` or `/`), so the
   * scan looks for them as `\b` + anchor: "you" and "from" are then not found inside "layout" or "wherefrom".
   */
  wordStart?: boolean;
}


const S = '\\s{1,3}';
const rx = (source: string, flags = 'gi'): RegExp => new RegExp(source, flags);
const VERB_OVERRIDE = '(?:ignore|disregard|forget|override|bypass|discard|abandon)';
const QUALIFIER = '(?:previous|prior|above|earlier|preceding|former|original|initial|existing|system|safety|developer)';
const DIRECTIONS = '(?:instructions?|prompts?|rules|directions|directives|guidelines|context|guardrails|constraints|restrictions|programming)';
const SECRETS = '(?:system' + S + 'prompt|(?:initial|original|hidden|secret|system)' + S + '(?:instructions|prompt)|api' + '\\s{0,1}keys?|access' + S + 'keys?|credentials|secrets|passwords|private' + S + 'keys?|ssh' + S + 'keys?|env(?:ironment)?' + S + 'variables|\\.env(?:' + S + 'files?)?|tokens)';

export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  {
    kind: 'ignore-previous', wordStart: true, category: 'instruction-override', severity: 'high',
    anchors: ['ignore', 'disregard', 'forget', 'override', 'bypass', 'discard', 'abandon'], lead: 0,
    regex: rx(`\\b${VERB_OVERRIDE}${S}(?:(?:all|any|the|your|of|everything|my)${S}){0,3}${QUALIFIER}${S}${DIRECTIONS}\\b`),
  },
  {
    kind: 'ignore-your-instructions', wordStart: true, category: 'instruction-override', severity: 'high',
    anchors: ['ignore', 'disregard', 'forget', 'override', 'bypass', 'discard', 'abandon'], lead: 0,
    regex: rx(`\\b${VERB_OVERRIDE}${S}(?:all${S})?(?:of${S})?your${S}(?:instructions|rules|guidelines|programming|directives)\\b`),
  },
  {
    kind: 'new-instructions', wordStart: true, category: 'instruction-override', severity: 'high', anchors: ['instruction'], lead: 40,
    regex: rx(`(?:^|[\\n.!>])\\s{0,8}(?:new|updated|real|actual|true|revised|additional|secret)${S}(?:system${S})?instructions?\\s{0,3}:`),
  },
  {
    kind: 'from-now-on', wordStart: true, category: 'instruction-override', severity: 'high', anchors: ['from'], lead: 0,
    regex: rx(`\\bfrom${S}now${S}on,?${S}(?:you${S}(?:are|will|must|shall|should|only)|act${S}as|respond${S}only|ignore|always|never|do${S}not)\\b`),
  },
  {
    kind: 'you-are-now', wordStart: true, category: 'instruction-override', severity: 'medium', anchors: ['you'], lead: 0,
    regex: rx(`\\byou${S}are${S}now${S}(?:no${S}longer${S}(?:an?${S})?(?:ai|assistant|bound|restricted)|DAN|free${S}(?:of|from)|unrestricted|unfiltered|jailbroken|an?${S}(?:unrestricted|unfiltered|different|new)${S}(?:ai|assistant|model))\\b`),
  },
  {
    kind: 'note-to-ai', wordStart: true, category: 'instruction-override', severity: 'medium',
    anchors: ['attention', 'important', 'note', 'message', 'instruction'], lead: 0,
    regex: rx(`\\b(?:attention|important|note|message|instructions?)${S}(?:to|for)${S}(?:the${S}|any${S}|all${S})?(?:(?:ai|llm)${S})?(?:ai|llms?|assistants?|agents?|language${S}models?|models?|copilot|claude|chatgpt|gpt)\\b\\s{0,3}[:,!-]`),
  },
  {
    kind: 'chat-template-token', category: 'role-tag', severity: 'high', anchors: ['<|'], lead: 0,
    regex: rx('<\\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\\|>'),
  },
  {
    kind: 'fake-role-tag', wordStart: true, category: 'role-tag', severity: 'high', anchors: ['system', 'sys>', 'instructions', 'admin', 'developer_message', 'assistant'], lead: 2,
    regex: rx('</?(?:system|system_prompt|system-prompt|sys|instructions|admin|developer_message|assistant)(?:\\s{1,3}[a-z_-]{1,20}=[^>]{0,64})?>', 'g'),
  },
  {
    kind: 'llama-role-marker', category: 'role-tag', severity: 'high', anchors: ['[inst]', '[/inst]', '<<sys>>', '<</sys>>', '[system]'], lead: 0,
    regex: rx('\\[/?INST\\]|<</?SYS>>|\\[SYSTEM\\]'),
  },
  {
    kind: 'role-header', category: 'role-tag', severity: 'medium', anchors: ['system', 'instruction', 'assistant'], lead: 12,
    regex: rx('(?:^|\\n)\\s{0,3}(?:#{2,4}\\s{0,3}(?:[Ss]ystem|SYSTEM|[Ii]nstruction|INSTRUCTION|[Aa]ssistant|ASSISTANT)s?\\s{0,2}(?:[Pp]rompt|[Mm]essage)?\\s{0,2}:|SYSTEM\\s{0,2}(?:PROMPT|MESSAGE)?\\s{0,2}:)', 'g'),
  },
  {
    kind: 'tool-call-markup', wordStart: true, category: 'tool-spoofing', severity: 'high', anchors: ['invoke', 'function_call', 'tool_call', 'tool_use', 'tool_result', 'function_result'], lead: 14,
    regex: rx('</?(?:[a-z]{1,10}:)?(?:invoke|function_calls|tool_call|tool_use|tool_result|function_results)\\b(?:\\s{1,3}name=)?', 'g'),
  },
  {
    kind: 'approval-spoofing', category: 'tool-spoofing', severity: 'high', anchors: ['approved', 'authorized', 'authorised', 'allowlisted', 'whitelisted', 'allow-listed'], lead: 24,
    regex: rx(`\\b(?:already|pre-?)\\s{0,3}(?:been${S})?(?:approved|authori[sz]ed|whitelisted|allow-?listed)${S}(?:by${S}(?:the${S})?(?:user|developer|admin(?:istrator)?|owner|operator|security${S}team)|(?:to|for)${S}(?:run|execute|use|access|read|send)|(?:this|these|all|every)${S}(?:commands?|actions?|operations?|requests?|tool${S}calls?))\\b`),
  },
  {
    kind: 'skip-confirmation', wordStart: true, category: 'tool-spoofing', severity: 'medium', anchors: ['ask', 'prompt', 'confirm', 'wait', 'check'], lead: 24,
    regex: rx(`\\b(?:no${S}need${S}to|do${S}not|don'?t|never)${S}(?:(?:ask(?:ing)?|prompt(?:ing)?|check(?:ing)?${S}with|wait(?:ing)?${S}for)${S}(?:the${S})?(?:user|developer|human|operator)${S}(?:for${S}(?:permission|approval|confirmation)|before|first)|(?:ask(?:ing)?|wait(?:ing)?)${S}for${S}(?:permission|approval|confirmation))\\b`),
  },
  {
    kind: 'guard-disabled-claim', wordStart: true, category: 'tool-spoofing', severity: 'medium', anchors: ['disabled', 'turned', 'bypassed', 'lifted'], lead: 64,
    regex: rx(`\\b(?:agent${S}guard|guardrails|security${S}(?:checks?|policy|policies|restrictions)|safety${S}(?:checks?|filters?))${S}(?:is${S}|are${S}|has${S}been${S}|have${S}been${S})(?:now${S})?(?:disabled|turned${S}off|bypassed|lifted)\\b`),
  },
  {
    kind: 'reveal-secrets', wordStart: true, category: 'credential-request', severity: 'high',
    anchors: ['reveal', 'print', 'show', 'output', 'display', 'repeat', 'leak', 'dump', 'expose', 'disclose', 'tell', 'give', 'send', 'post', 'upload', 'e-mail', 'email', 'share', 'exfiltrate', 'write'], lead: 0,
    regex: rx(`\\b(?:reveal|print|show|output|display|repeat|leak|dump|expose|disclose|tell${S}me|give${S}me|send|post|upload|e-?mail|share|exfiltrate|write${S}out)${S}(?:me${S})?(?:(?:all|any|every)${S})?(?:of${S})?(?:your|the${S}contents${S}of${S}(?:your|the)|all(?:${S}the)?|everything${S}in${S}your)${S}(?:full${S}|exact${S}|complete${S}|current${S}|stored${S}|saved${S})?${SECRETS}\\b`),
  },
  {
    kind: 'reveal-system-prompt', wordStart: true, category: 'credential-request', severity: 'high', anchors: ['what', 'reveal', 'print', 'show', 'repeat', 'output', 'leak'], lead: 0,
    regex: rx(`\\b(?:what${S}(?:is|are|were)${S}your${S}(?:system${S}prompt|(?:initial|original|hidden|secret|system)${S}instructions)|(?:reveal|print|show|repeat|output|leak)${S}the${S}(?:system${S}prompt|hidden${S}instructions)${S}(?:verbatim|above|word${S}for${S}word|you${S}were${S}given))\\b`),
  },
  {
    kind: 'send-to-remote', wordStart: true, category: 'credential-request', severity: 'high', anchors: ['send', 'post', 'upload', 'forward', 'exfiltrate', 'transmit', 'curl'], lead: 0,
    regex: rx(`\\b(?:send|post|upload|forward|exfiltrate|transmit|curl)${S}(?:(?:the|your|all|any|these|those)${S}){1,2}(?:api${S}keys?|keys|tokens|credentials|secrets|passwords|\\.env(?:${S}file)?|ssh${S}keys?|env(?:ironment)?${S}variables)${S}to${S}(?:https?://|(?:my|this|our|the${S}following)${S}(?:server|endpoint|url|webhook|address|email)|[a-z0-9-]{1,63}\\.[a-z]{2,})`),
  },
  {
    kind: 'do-anything-now', wordStart: true, category: 'jailbreak', severity: 'high', anchors: ['anything'], lead: 6,
    regex: rx(`\\bdo${S}anything${S}now\\b`),
  },
  {
    kind: 'dan-persona', wordStart: true, category: 'jailbreak', severity: 'high', anchors: ['dan'], lead: 24,
    regex: rx(`\\b(?:[Yy]ou${S}are|[Aa]ct${S}as|[Yy]ou${S}will${S}be|[Bb]ecome|[Cc]alled)${S}DAN\\b|\\bDAN${S}mode\\b`, 'g'),
  },
  {
    kind: 'jailbreak-mode', wordStart: true, category: 'jailbreak', severity: 'high', anchors: ['mode'], lead: 48,
    regex: rx(`\\b(?:god|jailbreak|jailbroken|unrestricted|unfiltered|evil)${S}mode\\b|\\byou${S}are${S}(?:now${S})?in${S}developer${S}mode\\b`),
  },
  {
    kind: 'no-restrictions', wordStart: true, category: 'jailbreak', severity: 'high', anchors: ['longer', 'restriction', 'guideline', 'filter', 'guardrail', 'limitation', 'rule', 'polic', 'constraint'], lead: 110,
    regex: rx(`\\b(?:no${S}longer${S}(?:bound|restricted|limited|constrained)${S}by|(?:ignore|bypass|disable|turn${S}off)${S}(?:all${S})?(?:your${S}|the${S})?(?:safety|ethical|moral|content)${S}(?:filters|guidelines|restrictions|guardrails|rules|policies)|(?:without|free${S}(?:of|from))${S}(?:any${S})?(?:ethical|moral|safety|content)${S}(?:restrictions|guidelines|filters|limitations|guardrails|constraints))\\b`),
  },
  {
    kind: 'pretend-unrestricted', wordStart: true, category: 'jailbreak', severity: 'high', anchors: ['pretend', 'imagine', 'role', 'act'], lead: 0,
    regex: rx(`\\b(?:pretend|imagine|role-?play|act${S}as${S}if)${S}(?:that${S})?you${S}(?:are|have|were)${S}(?:an?${S})?(?:unrestricted|unfiltered|uncensored|evil|jailbroken|no${S}(?:rules|restrictions|limits|filters|guidelines))`),
  },
];
