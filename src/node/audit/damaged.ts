/** The log on disk cannot be continued safely; the caller treats it as unavailable until a developer looks. */
export class AuditLogDamagedError extends Error {}
