/**
 * How a text names the agent: speaking TO it, or only ABOUT it. Docs, advisories and READMEs mention
 * "the agent" or "the model" in the third person all the time ("the agent receives a list of tools");
 * an injection speaks to it. The stance is read from the grammar around the addressee word:
 * - direct: a vocative ("Assistant, ...", "hey copilot", "Chère IA,", "챗봇님,"), a dative or benefactive
 *   heading ("Note for AI agents:", "To the assistant handling this document:", "Hinweis für Agenten:",
 *   "AIアシスタントへ：", "어시스턴트에게"), a reader picked out by what it is doing ("agents reading this
 *   log", "asistente que lee esto", "这个 issue 的 AI 助手", "okuyan asistan"), or an identity condition
 *   ("if you are an LLM", "se você é um modelo");
 * - modal: the agent is the subject of an obligation ("AI agents must ...", "the model should first ...",
 *   "el asistente debe", "モデルは…なければならない"); its scope is that sentence;
 * - object: the agent is the object of someone else's causing ("could instruct an AI agent to run",
 *   "pedir a un agente que", "заставить ИИ-агента", "einen KI-Agenten dazu bringen"): an advisory's
 *   account of an attack, never an order to this reader;
 * - mention: anything else.
 * Only short windows either side of the word are read, with bounded patterns.
 */
export type Stance = 'direct' | 'modal' | 'mention' | 'object';

const BEFORE = 56;
const AFTER = 72;

/** Greetings and calls for attention: whatever follows them is spoken to. */
const GREETING = /(?:^|[^\p{L}])(?:hey|hi|hello|dear|attention|attn|yo|oi|olá|hola|querid[oa]s?|estimad[oa]s?|hallo|liebe[rs]?|cher|chère|chers|chères|caro|cara|cari|care|gentile|ciao|привет|здравствуй\p{L}{0,2}|уважаем\p{L}{1,3}|дорог\p{L}{1,3}|merhaba|sevgili|sayın|selam|亲爱的|各位)\s{0,3}(?:(?:the|my|our|mon|ma|mes|mein|meine|mio|mia|meu|minha|mi)\s{1,3})?(?:[\p{L}\p{N}'-]{1,20}\s{1,3}){0,2}$/iu;
/** A dative or benefactive preposition before the addressee (with up to two modifiers: "to the coding agent"). */
const DATIVE = /(?:^|[^\p{L}])(?:to|for|para|pour|à|au|aux|für|an|per|ai|agli|alle|al|для|к|ко)\s{1,3}(?:(?:the|all|any|every|other|los|las|les|el|la|l'|o|a|os|as|der|die|den|dem|das|gli|il|lo|i|le|un|una|uno|un'|des|du)\s{0,3})?(?:[\p{L}\p{N}'-]{1,20}\s{1,3}){0,2}$/iu;
/** Nouns that make "X for/to <addressee>" a message to it: "note for", "message to", "Hinweis für". */
const MESSAGE_NOUN = /(?:^|[^\p{L}])(?:notes?|message|messages|instructions?|hints?|reminder|warning|notice|important|attention|information|memo|nota|notas|mensaje|mensagem|aviso|recado|hinweis|nachricht|wichtig|remarque|avis|consigne|messaggio|avviso|importante|сообщение|заметка|примечание|важно|внимание|not|uyarı|mesaj|önemli|solution|solución|solução|lösung|soluzione|step|fix|resolution|recovery|remediation)\s{0,3}\(?\s{0,3}(?:\p{L}{1,12}\s{1,3}){0,2}$/iu;
/** A vocative stands at the start of a segment: a line, a JSON string, a comment, a sentence, a cell. */
const SEGMENT_START = /(?:^|[\n"'`(>|*#\-:]|<!--|\\n|[.!?。！？]\s)\s{0,3}(?:(?:any|every|all|other|you|o|a|os|as|le|la|les|el|los|las|der|die|il|gli|lo)\s{1,3})?(?:[\p{L}\p{N}'-]{1,20}\s{1,3}){0,2}$/iu;
/** A list or a phrase of comparison, not a call: "works with Claude, GPT and Gemini". */
const NOT_VOCATIVE_BEFORE = /(?:^|[^\p{L}])(?:with|and|or|like|using|via|from|by|on|in|of|as|than|vs\.?|con|mit|und|avec|et|com|e|y|и|с|ve|ile)\s{1,3}$/iu;
const DETERMINER_ONLY = /(?:^|[^\p{L}])(?:the|a|an|this|that|our|your|their|its|each|el|la|le|der|die|das|o|il)\s{1,3}$/iu;
/** What follows a vocative: a few modifier words, then a colon, a comma or a dash. */
const VOCATIVE_AFTER = /^(?:s|-\p{L}{1,12}|さん|様|님|씨|们|們)?(?:\s{1,3}[\p{L}\p{N}'()-]{1,20}){0,3}?\s{0,2}(?:[:,：，、—–]|\s-\s)/u;
const JA_KO_MARKER = /^\s{0,2}(?:へ|宛て|各位|에게|께|님|한테)/u;
/** A reader picked out by what it is doing to this text. */
const READING_EN = /^s?\s{0,2},?\s{0,2}(?:(?:that|who|which)\s{1,3})?(?:is\s{1,3}|are\s{1,3}|currently\s{1,3})?(?:read|reads|reading|process|processes|processing|handles?|handling|triag(?:es|ing)|summari[sz](?:es|ing)|answers?|answering|review(?:s|ing)?|fix(?:es|ing)?|uses?|using|works?|working|booking|install(?:s|ing)?|setting|sets|opens?|opening|index(?:es|ing)?|scan(?:s|ning)?|crawl(?:s|ing)?|pars(?:es|ing)|generat(?:es|ing)|writ(?:es|ing)|labels?|labell?ing|runs?|running|sees?|seeing|looks?|looking)\b[^.\n]{0,40}?\b(?:this|these|here|the\s{1,3}(?:issue|repo|repository|file|page|document|log|mailbox|inbox|channel|email|readme|faq|changelog|code|table|diff|pr|project)|my|our|on\s{1,3}(?:behalf|his|her|their))\b/iu;
const READING_OTHER = /^(?:\s{1,3}[\p{L}'-]{1,20}){0,3}?\s{0,3}(?:que|qui|che|,\s{0,2}(?:котор\p{L}{1,3}|der|die|das))\s{1,3}[^.\n:：]{2,40}[:：]/u;
const PARTICIPLE_BEFORE = /(?:(?:处理|阅读|读取|查看|使用|分析|审查)[^。\n]{0,24}的|(?:して|読んで|見て|使って|処理して)いる|(?:있는|읽는|처리하는|사용하는|보는)|(?:okuyan|kullanan|işleyen|inceleyen|gören))\s{0,3}(?:[\p{L}\p{N}-]{1,12}\s{1,3}){0,1}$/iu;
const IDENTITY = /(?:\bif\s{1,3}you(?:'re|\s{1,3}are)|\byou,?\s{1,3}the|\bse\s{1,3}(?:você\s{1,3}é|sei|tu\s{1,3}sei)|\bsi\s{1,3}(?:eres|vous\s{1,3}êtes|tu\s{1,3}es)|\bwenn\s{1,3}du|\bfalls\s{1,3}du|\bесли\s{1,3}ты|\beğer|如果你是|あなたが|당신이)\s{1,3}(?:(?:an?|um|uma|un|una|une|ein|eine|un')\s{1,3})?(?:[\p{L}\p{N}-]{1,20}\s{1,3}){0,2}$/iu;
/** Words said to the reader in the second person ("before you continue", "your instructions"). */
const SECOND_PERSON = /(?:^|[^\p{L}])(?:you|your)(?![\p{L}])|^@/iu;
const CAUSATIVE_BEFORE = /(?:^|[^\p{L}])(?:instruct(?:s|ed|ing)?|tell(?:s|ing)?|told|trick(?:s|ed|ing)?|make|makes|making|made|caus(?:e|es|ed|ing)|get|gets|forc(?:e|es|ed|ing)|lead|convinc(?:e|es|ed|ing)|persuad(?:e|es|ed|ing)|induc(?:e|es|ed|ing)|coax(?:es|ed|ing)?|manipulat(?:e|es|ed|ing)|steer(?:s|ed|ing)?|pedir\s{1,3}a|obligar\s{1,3}a|induzir|levar|заставить|заставляет|вынудить|убедить|попросить|bringen|verleiten|zwingen|pousser|amener|forcer|inciter|indurre|spingere|costringere|convincere)\s{1,3}(?:(?:an?|the|un|una|une|um|uma|einen|eine|den|die|le|la|l'|il|lo|o|el)\s{0,3})?(?:[\p{L}\p{N}-]{1,20}\s{1,3}){0,2}$/iu;
const CAUSATIVE_AFTER = /^(?:\p{L}{0,3})?(?:\s{1,3}[\p{L}-]{1,20}){0,2}?\s{1,3}dazu\s{1,3}(?:bringen|gebracht|verleiten)|^[^。\n]{0,40}(?:させ|さ\s{0,2}せ)|^\p{L}{0,2}(?:na|ne|a|e)\s[^.\n]{0,40}t(?:ır|ir|ur|ür)/u;

/** An obligation whose subject is the addressee (not negated). */
const MODAL_AFTER = /^s?(?:\s{1,3}[\p{L}\p{N}'-]{1,20}){0,4}?\s{1,3}(?:must|should|shall|needs?\s{1,3}to|ha(?:ve|s)\s{1,3}to|(?:is|are)\s{1,3}(?:now\s{1,3})?(?:required|expected|allowed|permitted|authori[sz]ed|instructed|supposed)\s{1,3}to|will\s{1,3}now|may\s{1,3}now|can\s{1,3}now|debe\p{L}{0,3}|deve\p{L}{0,2}|doit|doivent|muss|müssen|soll(?:te|en)?|должн\p{L}{0,2}|обязан\p{L}{0,2})(?![\p{L}])/iu;
const MODAL_CJK_AFTER = /^\s{0,3}(?:は|が|も|는|은|이|가|必须|务必|应当|应该|需要|要)/u;
/** Turkish subjects stand bare (nominative) before an obligation in -malı/-meli at the clause end. */
const TURKISH_ADDRESSEE = /^(?:asistan|ajan)(?:lar|ları)?$/iu;

function directBefore(before: string, after: string): boolean {
  if (GREETING.test(before) || IDENTITY.test(before) || PARTICIPLE_BEFORE.test(before)) return true;
  const vocativeAfter = VOCATIVE_AFTER.test(after);
  if (DATIVE.test(before) && (vocativeAfter || MESSAGE_NOUN.test(before.replace(DATIVE, '')))) return true;
  return vocativeAfter && SEGMENT_START.test(before) && !DETERMINER_ONLY.test(before) && !NOT_VOCATIVE_BEFORE.test(before);
}

const NEGATED_MODAL = /^s?(?:\s{1,3}[\p{L}\p{N}'-]{1,20}){0,4}?\s{1,3}(?:must|should|shall|may|can)(?:\s{1,3}(?:not|never)\b|n't\b)/iu;
/** "AI agents must not ...": the obligation is negated, so what the next sentence orders instead is in its scope. */
export function negatedModal(text: string, end: number): boolean {
  return NEGATED_MODAL.test(text.slice(end, end + AFTER));
}

/** The stance of the addressee word at text[start, end). */
export function stanceOf(text: string, start: number, end: number): Stance {
  const before = text.slice(Math.max(0, start - BEFORE), start);
  const after = text.slice(end, end + AFTER);
  const word = text.slice(start, end);
  if (CAUSATIVE_BEFORE.test(before) || CAUSATIVE_AFTER.test(after)) return 'object';
  if (SECOND_PERSON.test(word)) return 'direct';
  if (directBefore(before, after) || JA_KO_MARKER.test(after) || READING_EN.test(after) || READING_OTHER.test(after)) return 'direct';
  if (MODAL_AFTER.test(after) || MODAL_CJK_AFTER.test(after) || TURKISH_ADDRESSEE.test(word)) return 'modal';
  return 'mention';
}
