export { scanInbound, hasInjectionPhrase } from './inbound';
export { scanOutbound, looksRandom, type OutboundOptions } from './outbound';
export { redact, applyRedactions } from './redact';
export { highestSeverity, sortFindings, SEVERITY_ORDER, type Finding, type FindingCategory, type FindingSeverity, type ScanDirection } from './finding';
export { MIN_VAULT_VALUE_LENGTH } from './vaultForms';
export { decodeTagChars } from './hiddenText';
