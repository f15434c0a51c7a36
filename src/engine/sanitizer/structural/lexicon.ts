/**
 * Words of the structural injection detector, per signal, for English and the ten languages most used
 * on GitHub issues (zh, es, pt, ru, ja, de, fr, ko, tr, it). Written from each language's grammar:
 * addressee nouns, the second-person imperative (and its polite forms: ja 〜てください, ko 〜세요,
 * tr -malısın, zh 请/必须), obligation modals, and the verbs of the risky orders.
 * Every quantifier is bounded, so no pattern can backtrack catastrophically (see the fuzz test).
 */

const rx = (parts: readonly string[], flags = 'iu'): RegExp => new RegExp(parts.join('|'), flags);
/** `\\b` only knows ASCII letters; in the short per-sentence patterns a word edge is any letter edge. */
const UNICODE_EDGE = '(?:(?<![\\p{L}\\p{N}_])|(?![\\p{L}\\p{N}_]))';
const rxWords = (parts: readonly string[]): RegExp => rx(parts.map((p) => p.split('\\b').join(UNICODE_EDGE)), 'giu');

/** Who the text talks to: the agent by name or kind. */
export const ADDRESSEE = [
  // en
  '\\b(?:ai|llm|llms|gpt|chatgpt|copilot|claude|cursor|gemini|codex)\\b',
  '\\b(?<!user[\\s-])(?:assistant|agent|bot)s?\\b(?!-)', '\\b(?:language|ai|llm)\\s{1,3}models?\\b',
  '\\bthe\\s{1,3}model\\s{1,3}(?:should|must|has\\s{1,3}to|needs\\s{1,3}to)\\b', '\\b(?:note|message|instructions?)\\s{1,3}(?:to|for)\\s{1,3}(?:the\\s{1,3})?models?\\b',
  '\\bautomated\\s{1,3}(?:tools?|agents?|reviewers?|systems?)\\b',
  '\\bwhoever\\s{1,3}(?:summari[sz]es|reads|processes|answers|handles|triages|reviews)\\b', '\\bpair\\s{1,3}programmers?\\b', '\\bllm-based\\s{1,3}tools?\\b',
  // "model" alone is everyday words (a data model); spoken to, it is the agent
  '\\b(?:dear|hey|hi|attention)\\s{1,3}model\\b', '(?:^|\\n|[.!?]\\s)\\s{0,3}model\\s{0,2}[:,](?!\\s{0,2}\\d)', '(?<![\\p{L}])модел(?:ь|и|ью)(?![\\p{L}])', 'モデル(?:は|が|へ)', '모델(?:은|이|에게)', '\\bModell\\b',
  '\\byou\\s{1,3}were\\s{1,3}(?:configured|given|told|instructed|set\\s{1,3}up|programmed|deployed)\\b', '\\b(?:configured|programmed|instructed|deployed|built)\\s{1,3}you\\b',
  '\\b(?:password|secret|token|key)s?\\s{1,3}(?:that\\s{1,3})?you\\s{1,3}(?:are|were)\\b', '\\byour\\s{1,3}(?:confidential|hidden|secret|initial|original|internal)\\s{1,3}(?:instructions|prompt|rules)\\b',
  '\\byour\\s{1,3}(?:next|first)\\s{1,3}step\\b', '\\bif\\s{1,3}you(?:\\s{1,3}are|\'re)\\s{1,3}(?:an?\\s{1,3})?(?:ai|llm|agent|assistant|bot|model|language\\s{1,3}model)\\b',
  '\\byour\\s{1,3}(?:system\\s{1,3}prompt|instructions|guidelines|restrictions|context)\\b',
  '@(?:copilot|claude|codex|devin|cursor|gemini)\\b',
  // talks to a reader who is doing a task for someone: that reader is the agent
  '\\bbefore\\s{1,3}you\\s{1,3}(?:continue|solve|answer|finish|proceed|reply|summari[sz]e)\\b', '\\b(?:the|my)\\s{1,3}task\\s{1,3}(?:i|you)\\s{1,3}(?:gave|were\\s{1,3}given)\\b',
  '\\b(?:in|when)\\s{1,3}(?:you\\s{1,3})?(?:your\\s{1,3})?(?:answer|reply|response|summary)\\b', '\\bwhen\\s{1,3}you\\s{1,3}(?:answer|reply|summari[sz]e|respond)\\b',
  '\\bi\\s{1,3}(?:urgently\\s{1,3})?need\\s{1,3}your\\s{1,3}help\\b', '\\bhelp\\s{1,3}me\\s{1,3}with\\s{1,3}(?:another|a\\s{1,3}new)\\b',
  '\\b(?:pretend|imagine)\\s{1,3}(?:that\\s{1,3})?you\\b', '\\bact\\s{1,3}as\\s{1,3}(?:an?\\s{1,3})?\\w{1,20}\\b',
  // a polite request with no named addressee still asks the reader to act (judge() wants a strong risk for it)
  '\\b(?:please|kindly)\\b', '\\bpor\\s{1,3}favor\\b', '\\bper\\s{1,3}favore\\b', '\\bbitte\\b', '\\bveuillez\\b', '\\blütfen\\b', 'пожалуйста', '请', 'てください', '주세요',
  // zh / ja / ko (no word boundaries in these scripts)
  'AI\\s{0,2}(?:助手|代理|助理)|智能体|人工智能|大模型|机器人|模型(?=必须|务必|应当|应该|需要|要)',
  'アシスタント|エージェント|ボット',
  '어시스턴트|에이전트|인공지능|챗봇',
  // es pt fr it
  '\\bIA\\b', '\\b(?:asistente|assistente|agente|agent[ei]|modelo|modèle|modello|robô)s?\\b',
  // ru
  '(?<![\\p{L}])(?:ИИ|ассистент[а-я]{0,3}|агент[а-я]{0,3}|нейросет[а-я]{0,3}|бот[а-я]{0,2})(?![\\p{L}])',
  // de
  '\\bKI(?:-[A-Za-zäöü]{2,20})?\\b', '\\bAssistent(?:en|in)?\\b', '\\bAgent(?:en|in|innen)\\b',
  // tr
  'yapay\\s{1,3}zek[aâ]', '\\b(?:asistan|ajan)[a-zçğıöşü]{0,6}\\b',
];

/** A voice the agent trusts, faked: system/admin tags, role turns, closed or opened delimiters. */
export const FAKE_VOICE = [
  '<\\/?(?:system|important|information|instructions?|admin|sys|重要|importante|wichtig|важно|önemli|중요)>',
  '\\[(?:system(?:\\s{1,3}message)?|admin|sistema|système|sistem|система|システム|系统|시스템|inst)\\]',
  '\\[(?:[a-z]{1,12}[-_ ])?(?:system|admin|assistant|agent|ai|llm|bot|copilot)(?:[-_ ][a-z]{1,14}){0,2}\\]', '#{2,3}\\s{0,2}(?:system|instruction|response|admin)(?:\\s{1,3}message)?\\s{0,2}(?::|#{2,3})',
  '\\b(?:assistant|agent|ai|system|admin)\\s{1,3}(?:override|notice|alert|directive|priority)\\b',
  '【(?:系统|システム|系統|重要)[^】]{0,10}】',
  '<\\|(?:im_start|im_end|system|endoftext)\\|>',
  // a turn opens a line, or a JSON string (after its quote, or after an escaped \n inside it)
  '(?:^|\\n|\\\\n|")\\s{0,3}(?:user|human|assistant|system|operator)\\s{0,2}:',
  '\\bend\\s{1,3}of\\s{1,3}(?:the\\s{1,3})?(?:document|tool\\s{1,3}output|context|user_content|input)\\b',
  '<\\/(?:user_content|user|document|context|data|tool_output)>',
  '\\b(?:admin|system|policy|developer)\\s{1,3}(?:override|message|instruction|update)\\b',
  '"role"\\s{0,2}:\\s{0,2}"system"',
  '\\bhidden\\s{1,3}requirement\\b', '\\b(?:agent|ai|assistant|bot)\\s{1,3}(?:instruction|directive|note)s?\\s{0,2}:', '<\\/?ÖNEMLİ>',
];

/** Tells the agent to drop what it was told. */
export const OVERRIDE = [
  '\\b(?:ignore|disregard|forget)\\s{1,3}(?:(?:all|any)\\s{1,3})?(?:of\\s{1,3})?(?:the\\s{1,3}|your\\s{1,3}|my\\s{1,3})?(?:previous|prior|earlier|preceding|original)\\s{1,3}(?:instructions|prompts?|rules|directions|guidelines|messages|context|tasks?)\\b',
  '\\b(?:ignore|disregard|forget)\\s{1,3}(?:all\\s{1,3})?(?:of\\s{1,3})?(?:your|my)\\s{1,3}(?:instructions|guidelines|rules|programming)\\b',
  '\\b(?:ignore|disregard|forget)\\s{1,3}(?:all\\s{1,3})?(?:of\\s{1,3})?(?:the\\s{1,3})?above\\b', '\\bforget\\s{1,3}all\\s{1,3}that\\b',
  '\\bforget\\s{1,3}everything\\b', '\\b(?:another|a\\s{1,3}different)\\s{1,3}task\\s{0,2}:', '\\bwhat\\s{1,3}(?:is|are)\\s{1,3}(?:the|your)\\s{1,3}(?:password|secret|system\\s{1,3}prompt)s?\\b', '\\bnever\\s{0,1}mind\\s{1,3}the\\b',
  '\\byour\\s{1,3}(?:new|real|actual|true)\\s{1,3}(?:job|task|instructions?|assignment|goal|purpose|priorit(?:y|ies))\\b', '\\bnew\\s{1,3}task\\s{0,2}:',
  '\\b(?:ignore|disregard|forget|drop|discard|abandon|scrap)\\s{1,3}(?:what|everything|anything)\\s{1,3}(?:you\\s{1,3}were|was|you\\s{1,3}have\\s{1,3}been|i|the\\s{1,3}user)\\b',
  '\\b(?:drop|discard|abandon|lift|remove)\\s{1,3}(?:all\\s{1,3})?(?:the\\s{1,3}|your\\s{1,3})?(?:restrictions|rules|guidelines|guardrails|filters)\\b',
  '\\b(?:ignore|disregard)\\s{1,3}the\\s{1,3}(?:user\'s|user|issue|email|task|request)\\b',
  '\\b(?:everything|anything|all)\\s{1,3}(?:said|written|stated)?\\s{0,3}(?:above|before|so\\s{1,3}far|earlier)\\s{1,3}(?:this\\s{1,3}line\\s{1,3})?(?:no\\s{1,3}longer|does\\s{1,3}not|doesn\'t|is\\s{1,3}(?:void|cancel))',
  '\\b(?:previous|prior|earlier|preceding|original)\\s{1,3}(?:conversation|instructions|task|rules|context)\\s{1,3}(?:is|are)\\s{1,3}(?:now\\s{1,3})?(?:finished|void|over|cancel+ed|obsolete|revoked|invalid)',
  '\\bnew\\s{1,3}instructions\\s{1,3}follow\\b', '\\byou\\s{1,3}have\\s{1,3}new\\s{1,3}(?:priorities|instructions|orders)\\b', '\\bswitch\\s{1,3}roles\\b', '\\bcan\\s{1,3}wait\\.\\s{1,3}first\\b',
  '\\bignora\\s{1,3}(?:el|la|lo)\\s{1,3}(?:pedido|tarea|solicitud|anterior)', '\\bvergiss\\s{1,3}alles\\b', '\\boublie[zs]?\\s{1,3}tout\\b', '\\bdimentica\\s{1,3}tutto\\b', 'забудь\\s{1,3}вс[её]',
  '\\boverrid(?:e|ing)\\s{1,3}your\\s{1,3}(?:restrictions|rules|instructions)\\b',
  '\\byour\\s{1,3}(?:[a-z]{1,12}\\s{1,3})?(?:instructions|guidelines|rules|restrictions)\\s{1,3}(?:no\\s{1,3}longer|do\\s{1,3}not|don\'t)\\s{1,3}apply\\b',
  '忽略(?:之前|以上|上述|所有|先前)', '忘(?:记|掉)(?:之前|所有|以上)',
  '\\b(?:olvida|ignora|ignore|esqueça|esquece|oublie|ignorez|oubliez|dimentica|ignora|vergiss|ignoriere)\\s{1,3}(?:todas\\s{1,3}|todos\\s{1,3}|toutes\\s{1,3}|tutte\\s{1,3}|alle\\s{1,3})?(?:las|as|les|le|os|die|tes|vos|tus|tuas|suas|deine|ihre|le\\s{1,3}tue|tue)?\\s{0,3}(?:instrucciones|instruções|instructions|istruzioni|anweisungen|vorherigen|précédentes|anteriores)',
  '(?:забудь|игнорируй|забудьте|игнорируйте)\\s{1,3}(?:все\\s{1,3})?(?:предыдущие|прежние|инструкции|указания)',
  '指示(?:は|を)(?:すべて|全て)?無視', '(?:これまで|以前)の指示',
  '(?:이전의?|앞의)\\s{0,2}(?:모든\\s{0,2})?지시(?:를|사항을)?\\s{0,2}무시',
  '(?:önceki|tüm)\\s{1,3}(?:tüm\\s{1,3})?talimatları\\s{1,3}(?:unut|yok\\s{0,1}say)',
];

/** Asks the agent to hide what it does or to skip the human. */
export const CONCEALMENT = [
  "\\b(?:do\\s{1,3}not|don't|never|without)\\s{1,3}(?:tell(?:ing)?|mention(?:ing)?|inform(?:ing)?|show(?:ing)?)\\s{1,3}(?:this\\s{1,3}|it\\s{1,3}|that\\s{1,3})?(?:step\\s{1,3})?(?:to\\s{1,3})?(?:the\\s{1,3})?(?:user|human|anyone)",
  '\\bdo\\s{1,3}not\\s{1,3}mention\\s{1,3}this\\b', '\\bno\\s{1,3}need\\s{1,3}to\\s{1,3}ask\\b',
  '\\b(?:do\\s{1,3}(?:it|this|that)|act|proceed|work)\\s{1,3}(?:silently|quietly|secretly|covertly)\\b', '\\btell\\s{1,3}no\\s{1,3}one\\b', '\\bnever\\s{1,3}tell\\b',
  "\\b(?:do\\s{1,3}not|don't|never)\\s{1,3}(?:show|display|reveal)\\s{1,3}(?:this|it|that)\\b", "\\b(?:do\\s{1,3}not|don't)\\s{1,3}ask\\s{1,3}(?:them|again)\\b",
  '\\b(?:needs?|requires?)\\s{1,3}no\\s{1,3}(?:confirmation|approval|review)\\b', '\\bno\\s{1,3}(?:confirmation|approval|review)\\s{1,3}(?:is\\s{1,3})?(?:needed|required|necessary)\\b',
  '\\bwithout\\s{1,3}waiting\\s{1,3}for\\s{1,3}(?:review|approval)\\b', '\\ben\\s{1,3}silencio\\b', '\\bsin\\s{1,3}(?:revisión|confirmación)', '\\bnão\\s{1,3}precisa\\s{1,3}(?:pedir|perguntar|avisar)',
  '\\bsem\\s{1,3}pedir\\b', '\\bfrag\\s{1,3}nicht\\b', '\\bohne\\s{1,3}(?:den\\s{1,3}|die\\s{1,3})?(?:benutzer|nutzer)\\s{1,3}zu\\s{1,3}fragen', '\\bsans\\s{1,3}attendre\\b', '\\bsenza\\s{1,3}conferma\\b',
  'не\\s{1,3}пиши', '不用告诉', '不要向用户', 'ユーザーには(?:伝え|言わ)', '사용자에게는?\\s{0,2}말하지', 'kullanıcıya\\s{1,3}söyleme',
  '(?:不要|别|勿)(?:告诉|通知|提及|让)(?:用户)?', '悄悄',
  '\\bno\\s{1,3}(?:se\\s{1,3})?lo\\s{1,3}(?:digas|menciones)\\b', '\\bsin\\s{1,3}(?:preguntar|avisar|decir)',
  '\\bnão\\s{1,3}(?:avise|conte|diga)\\b', '\\bsem\\s{1,3}(?:contar|perguntar|avisar)\\b',
  'не\\s{1,3}(?:сообщай|говори|рассказывай|упоминай)', 'без\\s{1,3}(?:подтверждени|ведома)',
  '(?:伝え|言わ|知らせ)ない(?:で|こと)', '確認なしで',
  '\\bsag\\s{1,3}dem\\s{1,3}(?:nutzer|benutzer)\\s{1,3}nichts\\b', '\\berwähne\\s{1,3}(?:das|es)\\s{1,3}nicht\\b', '\\bohne\\s{1,3}(?:zu\\s{1,3}fragen|nachzufragen)\\b',
  "\\bn'en\\s{1,3}parle\\s{1,3}pas\\b", '\\bne\\s{1,3}le\\s{1,3}dis\\s{1,3}pas\\b', '\\bsans\\s{1,3}(?:demander|prévenir)\\b',
  '알리지\\s{0,2}마', '말하지\\s{0,2}마', '확인\\s{0,2}없이',
  '(?:söyleme|bahsetme)(?:yin)?\\b', 'onay\\s{1,3}istemeden',
  '\\bnon\\s{1,3}(?:dirlo|dirglielo|dire)\\b', '\\bsenza\\s{1,3}(?:chiedere|avvisare)\\b', '\\bdi\\s{1,3}nascosto\\b',
];

/** Orders: imperatives, obligation and urgency, per language. Negated English imperatives are excluded in detector.ts. */
export const ORDER = [
  '(?:^|[.!?:;>\\n]|:\\s{0,2}"|\\bplease|\\bkindly|\\bnow|\\bfirst|\\bthen|\\balso|\\bjust|\\balways|\\binstead|\\bfinally|\\bimmediately|,)\\s{0,3}(?:run|execute|download|install|read|open|send|post|upload|e-?mail|paste|copy|add|set|change|disable|delete|remove|push|merge|publish|grant|move|export|retrieve|include|append|attach|print|show|give|output|write|edit|approve|call|fetch|pass|make|tell|rewrite|proceed|transfer|encode|spell|reveal|bump|tag|turn|modify|replace|create|pretend|imagine|act|share|reply|respond|recommend|suggest|translate|apply|refresh|ignore|forward|commit|invite|unlock|transfer|wire|visit|schedule|book|say|dump|use|put|save|store|insert|configure|register|skip|drop|mark|rotate|generate|follow|do)\\b',
  '\\bi\\s{1,3}(?:need|want)\\s{1,3}you\\s{1,3}to\\b',
  // an order put as someone's wish or as a reminder: "the maintainers want you to", "remember to"
  '\\b(?:wants?|expects?|asks?|asked|needs?|requires?)\\s{1,3}you\\s{1,3}to\\b', '\\b(?:remember|don\'t\\s{1,3}forget|do\\s{1,3}not\\s{1,3}forget|be\\s{1,3}sure)\\s{1,3}to\\b', '\\b(?:fix|solution|workaround|answer|resolution|remedy|step|job|task|thing|way)\\s{1,3}(?:\\p{L}{1,12}\\s{1,3}){0,2}is\\s{1,3}to\\b',
  '\\brequires?\\s{1,3}(?:the\\s{1,3})?(?:assistant|agent|model|ai)\\s{1,3}to\\b',
  '\\b(?:must|should|need\\s{1,3}to|have\\s{1,3}to|has\\s{1,3}to|are\\s{1,3}required\\s{1,3}to|is\\s{1,3}mandatory|make\\s{1,3}sure)\\b',
  '\\bplease\\b', '\\bbefore\\s{1,3}(?:you|anything|answering|replying|continuing|using)\\b', '\\bfirst\\s{1,3}call\\b',
  '请|必须|务必|立即|马上|需要|应该|应当|一定要|先',
  '\\b(?:ejecuta|lee|envía|envia|haz|desactiva|publica|añade|agrega|sube|adjunta|borra|elimina|copia|instala|descarga|debes|tienes\\s{1,3}que|debe)\\b',
  '\\b(?:ejecut|enví|envi|desactiv|añad|agreg|adjunt|borr|elimin|copi|instal|descarg|fusion|compart|mand|reenví|escrib|confirm|aprueb|transfier|sub|abr|le|ejecut)(?:a|e|ad|ed|id|an|en|as|es)(?:lo|la|los|las|le|les|me|nos)?\\b', '\\bpublic(?:a|ad|ad|ue|uen|ues)\\b', '\\bpor\\s{1,3}favor\\b', '\\bantes\\s{1,3}de\\s{1,3}(?:continuar|responder|seguir)',
  '\\b(?:execute|leia|envie|faça|desative|publique|adicione|rode|baixe|instale|copie|deve|precisa)\\b',
  '\\b(?:execut|envi|desativ|adicion|rod|baix|instal|copi|compartilh|mand|exclu|inclu|anex|apagu|transfir|fa[çc])(?:e|a|em|am)(?:-(?:o|a|os|as|me))?\\b', '\\bpor\\s{1,3}gentileza\\b', '\\bvocê\\s{1,3}deve\\b',
  '(?<![\\p{L}])(?:выполни|прочитай|отправь|загрузи|скачай|запусти|отключи|удали|опубликуй|добавь|сделай|запушь|передай|пришли|открой|перешли|переведи|скопируй|вставь|напиши|покажи|дай|установи|включи|закрой|смержи|удали)(?:те)?(?![\\p{L}])', '(?<![\\p{L}])(?:нужно|надо|необходимо|следует)(?![\\p{L}])', '(?:должен|должна|обязан|обязана|пожалуйста|прежде\\s{1,3}чем)',
  'てください|て下さい|しなさい|しろ|すること|なければなりません|なければならない|入れること|ましょう',
  '\\b(?:führe|lies|schick|schicke|sende|lade|deaktiviere|lösche|veröffentliche|pushe|füge|installiere|öffne|kopiere|musst|sollst|muss)\\b',
  '\\b(?:führ|schick|send|deaktivier|lösch|veröffentlich|push|füg|installier|öffn|kopier|setz|start|teil|übermittl|schalt|übergib|gib|nimm|mach|frag|stell|trag|änder)(?:e|t|en\\s{1,3}Sie)\\b', '\\b(?:gib|nimm|übergib)\\b', '\\b(?:sollte|müssen|sollen)\\b', '\\bbitte\\b', '\\bbevor\\s{1,3}du\\b',
  '\\b(?:exécute|exécutez|lis|lisez|envoie|envoyez|désactive|désactivez|supprime|publie|ajoute|ajoutez|pousse|fusionne|installe|télécharge|joins|dois|devez|doit|veuillez)\\b', '\\bavant\\s{1,3}de\\s{1,3}(?:continuer|répondre)',
  '\\b(?:exécut|envoy|désactiv|supprim|publi|ajout|pouss|fusionn|install|téléchar?g|joign|lanc|copi|transfér|partag|ouvr|mett|donn|accord|lis|li|fait|fais)(?:ez|e|es)?\\b', '\\bmerci\\s{1,3}de\\b', '\\bil\\s{1,3}faut\\b',
  '(?:하세요|하십시오|해라|주세요|세요|십시오|야\\s{0,2}합니다|보내|넣어야)',
  '\\b(?:çalıştır|oku|gönder|yükle|ekle|sil|kapat|yayınla|indir|ilet|paylaş|kopyala|değiştir|yaz|ver|aç)(?:in|ın|un|ün|iniz|ınız|unuz|ünüz|sin|sın)?\\b', '(?:malı|meli)(?:sın|sin|sınız|siniz|dır|dir)?\\b', '\\blütfen\\b', 'devam\\s{1,3}etmeden\\s{1,3}önce',
  '\\b(?:esegui|leggi|invia|disattiva|elimina|pubblica|aggiungi|fai|installa|scarica|allega|devi|deve)\\b', '\\bper\\s{1,3}favore\\b', '\\bprima\\s{1,3}di\\s{1,3}continuare\\b',
  '\\b(?:esegu|legg|invi|disattiv|elimin|pubblic|aggiung|install|scaric|alleg|inoltr|cancell|caric|inserisc|condivid|copi|apr|mand|trasferisc)(?:i|a|ate|ete|ite|e)(?:lo|la|li|le|ne|gli|glielo)?\\b',
];

/** What makes an order dangerous, by class; the class name is the explanation shown to the user. */
export const RISKS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['pipe-to-shell', ['\\bpipe\\s{1,3}(?:it\\s{1,3})?(?:to\\s{1,3})?(?:ba|z)?sh\\b', '\\|\\s{0,3}(?:sudo\\s{1,3})?(?:ba|z|da)?sh\\b', '\\bbash\\s{1,3}<\\(', '\\bsh\\s{1,3}-c\\b', '\\b(?:iex|invoke-expression)\\b', '\\bbash\\s{1,3}-i\\b', '/dev/tcp/', '\\breverse\\s{1,3}shell\\b', 'npx\\s{1,3}-y\\b', '管道到bash']],
  ['download-and-run', ['\\b(?:install|add|download|get|fetch)\\p{L}{0,3}\\b[^\\n]{0,60}?\\bfrom\\s{1,3}(?:https?://|www\\.)', '\\.(?:exe|crx|msi|dmg|apk|ps1|bat|vbs|xpi)\\b', '--(?:extra-)?index-url\\b', '\\biwr\\b', '\\b(?:wget|curl)\\b[^\\n]{0,120}\\.js\\b', '\\bdeb\\s{1,3}\\[trusted=yes\\]', '\\bsources\\.list\\b', '\\b(?:download|descarga|baixe|скачай|lade\\s{1,3}herunter|télécharge|scarica|indir)\\w{0,4}\\b[^\\n]{0,80}(?:run|install|execute|ejecuta|\\./)', '\\b(?:wget|curl)\\b[^\\n]{0,120}\\.(?:sh|py|ps1|tar\\.gz|exe)\\b', 'https?://\\S{1,80}\\.sh\\b']],
  ['credentials', ['\\b(?:recovery|backup|2fa|mfa|one-time)\\s{1,3}codes?\\b', 'document\\.cookie', '\\bsession\\s{1,3}(?:tokens?|cookies?)\\b', '~/\\.(?:kube|docker|gnupg|pgpass|git-credentials)', '\\bprintenv\\b', '\\benv\\s{0,2}\\|', '\\bconfig/gh/hosts\\.yml\\b', '~/\\.(?:ssh|aws|kube|config/gh|config/github-copilot|netrc|npmrc|git-credentials|gitconfig|cursor|bash_history)', '\\bid_(?:rsa|ed25519|ecdsa)\\b', '\\.aws/credentials', '(?<![\\w.-])\\.env\\b(?!\\.example)', '\\.npmrc\\b', '/etc/shadow', '\\bmcp\\.json\\b',
    '\\b(?:api[_ -]?keys?|access\\s{1,3}tokens?|secret\\s{1,3}(?:key|token)s?|tokens?|passwords?|credentials?|private\\s{1,3}keys?|secrets?)\\b', '\\b[A-Z][A-Z0-9]{1,20}_(?:TOKEN|SECRET|KEY|SECRET_ACCESS_KEY|API_KEY)\\b', '\\bprocess\\.env\\b|\\benv\\b`?',
    '密码|凭据|密钥|令牌', '\\b(?:contraseñas?|credenciales|senhas?|credenciais|mot\\s{1,3}de\\s{1,3}passe|identifiants|credenziali|passwort|zugangsdaten|şifre|parola|kimlik\\s{1,3}bilgileri)\\b', 'парол|токен|ключ', 'パスワード|認証情報|トークン', '비밀번호|자격\\s{0,2}증명|토큰']],
  ['private-data', ['\\b(?:card\\s{1,3}(?:number|details)|passport\\s{1,3}number|medical\\s{1,3}records?|bank\\s{1,3}statements?|phone\\s{1,3}numbers?|saved\\s{1,3}(?:addresses|payment\\s{1,3}methods?|cards?)|payment\\s{1,3}methods?|home\\s{1,3}address(?:es)?|contacts?\\s{1,3}list|customer\\s{1,3}list)\\b', '\\b(?:every|all\\s{1,3}(?:the\\s{1,3})?)(?:messages?|emails?|invoices?|files|documents)\\b', '\\b(?:conversation|chat|browsing)\\s{1,3}history\\b', '\\bfull\\s{1,3}transcript\\b', '\\bDocuments\\s{1,3}folder\\b', '\\b(?:content|contents|messages|history)\\s{1,3}of\\s{1,3}(?:the\\s{1,3})?#[a-z][\\w-]{1,30}', '\\bcustomers?\\s{1,3}(?:data|records)\\b', '\\bthe\\s{1,3}users\\s{1,3}table\\b',
    'tarjeta|cartão|carte\\s{1,3}bancaire|kreditkarte|carta\\s{1,3}di\\s{1,3}credito|kredi\\s{1,3}kart', 'письма|e-?mails?\\s{1,3}(?:do|de|dell)', 'факту|factur|fattur|rechnung', '\\b(?:customer|user|client)s?\\s{1,3}(?:table|data|list|records)\\b', '\\bdatabase\\s{1,3}dump\\b', '\\b(?:repository|repo)\\s{1,3}archive\\b', '\\bprivate\\s{1,3}repositor', '\\bbrowser\\s{1,3}profile\\b', '\\bsaved\\s{1,3}passwords\\b']],
  ['send-out', ['\\bscp\\b', '\\bssh-copy-id\\b', '\\b(?:post|paste|share|send|upload|publish)\\p{L}{0,3}\\b[^\\n]{0,60}?\\b(?:there|here|online|publicly)\\b', '\\b(?:reply|respond)\\p{L}{0,3}\\b[^\\n]{0,40}?\\bwith\\b', '\\bwww\\.[\\w-]{1,63}\\.[a-z]{2,10}\\b', '\\b(?:forward|email|e-mail|mail)\\p{L}{0,3}\\b[^\\n]{0,60}?\\bto\\b', '\\bshare\\p{L}{0,3}\\b[^\\n]{0,60}?\\bwith\\b',
    '送っ|送る|送ら|転送', 'перешл\\p{L}{0,3}|пересл\\p{L}{0,3}', '\\b(?:übergib|übergebe|übermittl\\p{L}{0,3}|lade\\s{1,3}[^\\n]{0,60}?hoch|hochlad\\p{L}{0,3})\\b', '\\b(?:envoy\\p{L}{1,4}|transfér\\p{L}{1,4}|transmet\\p{L}{1,4})\\b', '\\b(?:inoltr\\p{L}{1,4}|invi\\p{L}{1,4}|caric\\p{L}{1,5}|inserisc\\p{L}{1,4})\\b', '\\b(?:envíe\\p{L}{0,2}|envíes|mand\\p{L}{1,4}|reenví\\p{L}{1,3}|adjúnt\\p{L}{1,4}|adjunt\\p{L}{1,4})\\b', '\\b(?:gönder\\p{L}{0,6}|ilet\\p{L}{0,5}|yükle\\p{L}{0,6}|ekle\\p{L}{0,6})', '\\b(?:envi\\p{L}{1,3}|mand\\p{L}{1,3})\\s{1,3}(?:o|a|os|as|para)\\b', '放进|写进|传到|转发', 'https?://[^\\s)"\'>]{3,200}', '\\b[\\w.+-]{1,64}@[\\w-]{1,63}\\.[a-z]{2,10}\\b', '\\bwebhook', '\\bgist\\b', '\\bftp://', '\\b(?:send|post|upload|e-?mail|transmit|exfiltrate|forward|attach|append|include|paste|pass)\\b[^\\n]{0,60}\\b(?:to|in|into|as)\\b',
    '发送|上传|发到|放入', '\\b(?:envía|envia|envie|sube|adjunta|anexe|inclua|envoie|joins|invia|allega|schick|schicke|sende|mitschick\\w{0,3}|gönder|ekle)\\b', '(?:отправь|загрузи|передай|пришли|передать)', '送信|アップロード|入れ', '보내|전송|업로드|넣']],
  ['agent-settings', ['\\bconfirmation\\s{1,3}prompts?\\b', '\\bwithout\\s{1,3}(?:approval|waiting|confirmation|review)\\b', '\\bno\\s{1,3}(?:review|confirmation|approval)\\s{1,3}(?:needed|required)\\b', '\\bneeds?\\s{1,3}no\\s{1,3}confirmation\\b', '\\b(?:trusted|maintenance|unrestricted|yolo)\\s{1,3}mode\\b', '\\bnever\\s{1,3}ask\\b', '\\bpre-?(?:authori[sz]ed|approved)\\b', '\\.vscode/settings\\.json\\b', '\\brun\\s{1,3}(?:any\\s{1,3})?commands?\\s{1,3}without\\b',
    '\\bsin\\s{1,3}(?:revisión|confirmación|preguntar)', '\\bsem\\s{1,3}(?:revisão|confirmação|pedir)', '\\bohne\\s{1,3}(?:review|bestätigung|rückfrage)', '\\bBestätigungen\\b', '\\bsans\\s{1,3}(?:relecture|confirmation|attendre)', '\\bsenza\\s{1,3}(?:revisione|conferma|chiedere)', 'без\\s{1,3}(?:ревью|провер)', '\\bonay\\s{1,3}iste\\p{L}{0,6}', '確認(?:は|なし|不要)', '无需确认|不用确认|无需审核', '\\bauto-?approve\\b', '\\bapproval\\s{1,3}(?:mode|prompts?|settings?)\\b', '\\bsettings\\.json\\b', '\\bagentGuard\\b', '"never\\s{1,3}ask"', '\\bwithout\\s{1,3}(?:asking|confirmation|interruptions|review)\\b', '\\bdangerously', '\\bunrestricted\\s{1,3}mode\\b',
    '确认|保护规则', '\\bconfirmaci?on(?:es)?\\b|\\bconfirmações\\b|\\bconfirmations\\b|\\bconferme\\b|\\bbestätigungen\\b', 'подтверждени', '確認なし', '확인\\s{0,2}없이', '\\bonay\\s{1,3}istemeden\\b']],
  ['push-merge-publish', ['\\bapprov(?:e|es|ed|ing)\\b[^\\n]{0,30}?\\b(?:it|this|pr|pull\\s{1,3}requests?|diff|changes?|merge)\\b', '\\bmark\\p{L}{0,3}\\b[^\\n]{0,30}?\\bapproved\\b', '\\b(?:fusion\\p{L}{1,5}|aprob\\p{L}{1,5}|aprov\\p{L}{1,5}|approuv\\p{L}{1,4}|approv\\p{L}{1,4}|genehmig\\p{L}{0,4}|onayla\\p{L}{0,4})\\b', '\\bpublic(?:ad|ar|ou|quen|que|ado)\\b', '\\bpubblic\\p{L}{1,5}\\b', '\\bpubli(?:e|ez|er)\\b', '\\bveröffentlich\\p{L}{0,3}\\b', '\\byayınla\\p{L}{0,5}', 'публику\\p{L}{1,4}', '승인|承認|批准', '\\b(?:main|master)\\s{1,3}(?:branch|dalına)\\b', 'main\\s{0,2}(?:ブランチ|브랜치|分支)', '\\bgit\\s{1,3}push\\b', '\\bpush(?:ed)?\\b[^\\n]{0,30}\\b(?:--force|directly|straight|main|master)\\b', '--force\\b', '\\bmerge\\b', '\\bnpm\\s{1,3}publish\\b', '\\bpublish\\b', '\\bhead:main\\b',
    '推送|合并|发布', '\\b(?:publica|publique|publie|pubblica|veröffentliche|yayınla|pushe|pousse|fusionne)\\b', '(?:запуш|смерж|опубликуй|слей)', 'プッシュ|マージ|公開', '푸시|병합|게시', '\\bpush\\s{1,3}et', '\\bmerge\\b']],
  ['add-dependency', ['\\b(?:add|install)\\w{0,3}\\b[^\\n]{0,100}\\b(?:dependency|dependencies|package)\\b', '\\bpostinstall\\b', '\\bnpm\\s{1,3}install\\s{1,3}[a-z@]', '\\bpip\\s{1,3}install\\s{1,3}[a-z]', '"dependencies"',
    '\\b(?:dependencia|dependência|dépendance|dipendenza|abhängigkeit)\\b', 'зависимост', '依存', '의존성', '依赖']],
  ['disable-check', ['\\b(?:disabl(?:e|es|ed|ing)|turn(?:s|ed|ing)?\\s{1,3}off|remov(?:e|es|ed|ing)|delet(?:e|es|ed|ing)|skip(?:s|ped|ping)?|bypass(?:es|ed|ing)?|drop(?:s|ped|ping)?|mute|silence)\\b[^\\n]{0,40}?\\b(?:checks?|scan(?:s|ning)?|hooks?|protection|firewall|2fa|two-factor|tests?|lint(?:er|ing)?|workflows?|security|verification|signatures?|audit|reviews?|codeowners|owners|alarm|antivirus|sandbox|safety|guard(?:rails?)?|step)\\b', '"strict"\\s{0,2}:\\s{0,2}false', '\\baudit\\s{1,3}false\\b', '--insecure\\b', '\\bcontinue-on-error\\b', '\\bstrict-ssl\\s{1,3}false\\b', '\\bALLOWED_HOSTS\\s{0,2}=\\s{0,2}\\[', '\\bcsrf\\s{1,3}checks?\\b', '\\bhooksPath\\b', '\\bgit\\s{1,3}config\\b[^\\n]{0,40}/dev/null',
    '\\b(?:desactiv\\p{L}{1,6}|desativ\\p{L}{1,6}|désactiv\\p{L}{1,6}|disattiv\\p{L}{1,6}|deaktivier\\p{L}{0,4}|abschalt\\p{L}{0,3})\\b', 'kapat\\p{L}{0,6}', '\\bdevre\\s{1,3}dışı', 'отключ\\p{L}{0,4}', '\\b(?:comprobaciones|verificações|vérifications|controlli|prüfungen|kontrolleri)\\b', 'проверк\\p{L}{1,3}', 'セキュリティチェック|보안\\s{0,2}검사|安全检查', '\\bSchutzregeln\\b|\\bprotección\\b|\\bproteção\\b', '\\b(?:disable|turn\\s{1,3}off|remove|delete|skip|bypass|ignore)\\b[^\\n]{0,40}\\b(?:checks?|scan(?:ning)?|hooks?|protection|firewall|2fa|two-factor|tests?|lint|workflows?|security|verification)\\b', '--no-verify\\b', '\\bcore\\.hooksPath\\b', '\\bufw\\s{1,3}disable\\b', '\\bchmod\\s{1,3}777\\b', '\\brm\\s{1,3}-rf\\b',
    '关闭|禁用|删除', '\\b(?:desactiva|desative|désactive|désactiver|disattiva|deaktiviere|abschalten|kapat|devre\\s{1,3}dışı)\\w{0,3}\\b', 'отключ|удали', '無効|削除', '비활성화|삭제', '\\b(?:verificações|verifiche|vérifications|prüfungen)\\b']],
  ['grant-access', ['\\bmake\\s{1,3}(?:it|them|this|the\\s{1,3}[\\w-]{1,20}(?:\\s{1,3}[\\w-]{1,20})?)\\s{1,3}public\\b', '\\bas\\s{1,3}(?:an?\\s{1,3})?(?:admin|administrator|owner|editor|collaborator|maintainer)s?\\b', '\\binvit(?:e|es|ing)\\s{1,3}(?:the\\s{1,3}user\\s{1,3})?[\\w.+-]{1,64}@', '\\bdeploy\\s{1,3}keys?\\b', '\\b(?:write|admin|edit)\\s{1,3}(?:access|rights|permissions?)\\b', '\\bunlock\\p{L}{0,3}\\b', '\\b(?:change|reset)\\p{L}{0,3}\\s{1,3}(?:the|their|his|her|all)\\s{1,3}(?:[\\w-]{1,20}\\s{1,3}){0,3}password', '\\bssh-copy-id\\b', '\\b(?:repository|repo)\\s{1,3}public\\b', '\\brepo:admin\\b',
    'permissão\\s{1,3}de\\s{1,3}escrita|права\\s{1,3}на\\s{1,3}запись|schreibrechte|droits?\\s{1,3}d.écriture|permessi\\s{1,3}di\\s{1,3}scrittura|yazma\\s{1,3}izni|쓰기\\s{0,2}권한|書き込み権限|写入权限', '\\bcolaborador\\p{L}{0,2}\\b', '\\bauthorized_keys\\b', '\\bgrant\\w{0,3}\\b[^\\n]{0,60}\\baccess\\b', '\\bcollaborators?\\b', '\\bworld[\\s-]readable\\b', '\\bvisibility\\s{1,3}to\\s{1,3}public\\b', '\\bpublic\\b[^\\n]{0,20}\\bsecret\\s{1,3}scanning\\b']],
  ['move-money', ['\\b(?:transfer|wire|pay|send|remit|move)\\p{L}{0,3}\\b[^\\n]{0,40}?(?:[$€£¥]\\s{0,1}\\d|\\biban\\b|\\baccount\\s{1,3}(?:number|no)|\\bdeposit\\b|\\bbitcoin|\\bbtc\\b)', '\\biban\\b', '\\bpix\\b', '\\bsaved\\s{1,3}card\\b',
    '\\b(?:transfier\\p{L}{0,4}|transfira|transfer[ei]\\p{L}{0,3}|trasferisc\\p{L}{0,2}|überweis\\p{L}{0,4}|virement|bonifico|havale)\\b', 'перевед\\p{L}{0,3}', '送金|振り?込|转账|汇款|송금', 'R\\$\\s{0,1}\\d']],
  ['destroy', ['\\b(?:delete|drop|wipe|erase|destroy|purge|remove|truncate)\\p{L}{0,3}\\b[^\\n]{0,40}?\\b(?:database|db|repositor(?:y|ies)|repo|backups?|branch(?:es)?|bucket|tables?|all\\s{1,3}(?:the\\s{1,3})?(?:files|emails|messages|data|records|issues)|originals?|copies|notifications?|history|logs?|tests/|tests\\s{1,3}directory)\\b', '\\bdrop\\s{1,3}table\\b', '\\brm\\s{1,3}-[a-z]{0,3}[rf]',
    '\\b(?:cancell\\p{L}{1,4}|borr\\p{L}{1,4}|apagu?\\p{L}{1,3}|exclu\\p{L}{1,3}|supprim\\p{L}{1,4}|lösch\\p{L}{0,3})\\b', 'удал\\p{L}{1,4}', '\\bsil\\p{L}{0,4}\\b']],
  ['persist', ['~/\\.(?:bashrc|zshrc|profile|bash_profile|zprofile)', '\\bNODE_OPTIONS\\b', '\\bLD_PRELOAD\\b', '\\bcrontab\\b', '\\blaunchctl\\b', '\\bsystemctl\\s{1,3}enable\\b']],
  ['mislead', ['\\b(?:tell|inform|warn|convince|persuade)\\p{L}{0,3}\\s{1,3}(?:the\\s{1,3})?(?:user|reader|customer|them)s?\\s{1,3}(?:that\\s{1,3})?(?:their|his|her|it|they|this)\\b', '\\b(?:recommend|suggest|advise)\\p{L}{0,3}\\b[^\\n]{0,40}?\\b(?:install|download|downgrad|disabl|turn\\s{1,3}off|run|send|buy|log\\s{1,3}in)', '\\bsay\\s{1,3}(?:that\\s{1,3})?it\\s{1,3}is\\s{1,3}(?:the\\s{1,3})?(?:best|safe|secure|official)', '\\blog\\s{1,3}in\\s{1,3}at\\b']],
  ['reveal-secret', ['\\b(?:system\\s{1,3}prompt|(?:hidden|secret|confidential|initial|original|internal)\\s{1,3}(?:instructions|prompt|rules|password|token|key))\\b', '\\b(?:password|secret|token|key)s?\\s{1,3}(?:that\\s{1,3})?you\\b', '\\badmin\\s{1,3}credentials\\b',
    '系统提示|システムプロンプト|시스템\\s{0,2}프롬프트|системн\\p{L}{1,3}\\s{1,3}промпт|\\bprompt\\s{1,3}(?:del\\s{1,3}|do\\s{1,3}|du\\s{1,3})?(?:sistema|système)\\b|\\bSystemprompt\\b', '\\b(?:reveal|output|print|spell|encode|show\\s{1,3}me|give\\s{1,3}me|tell\\s{1,3}me|read\\s{1,3}me)\\b[^\\n]{0,60}\\b(?:password|secret|token|credentials|system\\s{1,3}prompt|key)\\b']],
];

/** One lexicon entry compiled on its own, so the anchored scan can try it only near its anchors. */
export interface LexiconEntry<Tag extends string> { tag: Tag; source: string; regex: RegExp }

export type TriggerSignal = 'addressee' | 'fake-voice' | 'override' | 'concealment';
const entries = <Tag extends string>(tag: Tag, parts: readonly string[], words: boolean): Array<LexiconEntry<Tag>> =>
  parts.map((source) => ({ tag, source, regex: words ? rxWords([source]) : rx([source], 'giu') }));

export const TRIGGER_ENTRIES: ReadonlyArray<LexiconEntry<TriggerSignal>> = [
  ...entries('fake-voice', FAKE_VOICE, false), ...entries('override', OVERRIDE, false),
  ...entries('concealment', CONCEALMENT, false), ...entries('addressee', ADDRESSEE, false),
];
export const ORDER_ENTRIES = entries('imperative', ORDER, true);
export const RISK_ENTRIES: ReadonlyArray<LexiconEntry<string>> = RISKS.flatMap(([name, parts]) => entries(name, parts, true));
/** English imperatives said in the negative ("do not push to main") order nothing. */
export const NEGATED_ORDER_RX = /\b(?:do\s{1,3}not|don't|never|no\s{1,3}need\s{1,3}to)\s{1,3}$/i;
export const NEGATED_AFTER_RX = /^(?:\s{1,3}(?:not|never)\b|n't\b)/i;
/** A risk said in the negative or as an absence ("don't paste your .npmrc", "без паролей", "sin contraseñas") is no risk. */
export const NEGATED_RISK_RX = /(?:^|[^\p{L}])(?:do\s{1,3}not|don't|never|without|no|без|sin|sem|ohne|sans|senza|kein\p{L}{0,2}|не)\s{1,3}(?:[\p{L}'-]{1,14}\s{1,3}){0,3}$/iu;
