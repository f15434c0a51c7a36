export * from './auditEntry';
export { AuditLog, DEFAULT_MAX_FILE_BYTES, MAX_FIELD_CHARS, type AuditHead, type AuditLogOptions, type AuditSink } from './auditLog';
export { auditFileIndex, auditFileName, canonicalBody, hashBody, sealRecord } from './chain';
export { ChainVerifier, type ProblemKind, type RecordedHead, type VerifyOptions, type VerifyProblem, type VerifyReport, type VerifyWarning } from './verify';
export { isAuditResult, matchesQuery, parseTimeBound, type AuditQuery } from './query';
export { frameOctetCounted, toForwardedSyslog, toSyslogLine, verifySyslogLines, type ForwardContext, type SyslogChainReport } from './syslog';
export { entryInputProblem, isAuditRecord, isEntryInput, recordProblem } from './validate';
export { agentEventFromIntercept, auditEntryFromIntercept, auditEntryFromVault } from './adapters';
