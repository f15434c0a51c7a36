export { FileAuditSink, syncDirectory } from './fileSink';
export { listAuditFiles, resolveAuditPath } from './files';
export { readLinesBackward, readLinesForward, type FileLine } from './lines';
export { AuditLogDamagedError, openAuditLog, type OpenAuditOptions, type OpenedAuditLog } from './openLog';
export { exportAudit, queryAudit, type ExportFormat } from './query';
export { verifyAuditPath } from './verifyFiles';
export { auditHeadFile, auditStateDir, fileHeadStore, mirroredHeadStore, parseRecordedHead, strictestHead, type AuditHeadStore } from './headStore';
export { AuditLogLockedError, LOCK_FILE, lockAuditDir } from './lock';
