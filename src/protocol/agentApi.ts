/**
 * The public, versioned API that Agent Guard's `activate()` returns to agent extensions. Inputs are
 * validated with these schemas on arrival: bad input is a clear error and nothing is executed.
 * Breaking changes bump AGENT_API_VERSION; additions keep it.
 */
import { z } from 'zod';

export const AGENT_API_VERSION = 1;

/** Shared limits, so a caller cannot make the guard buffer unbounded input. */
export const LIMITS = {
  commandChars: 16_384,
  pathChars: 4096,
  contentBytes: 10 * 1024 * 1024,
  edits: 500,
  secrets: 32,
  maxTimeoutMs: 3_600_000,
} as const;

/** Agent ids of API callers. `hook:` and `lm:` are reserved for the hook bridge and language-model tools. */
export const AgentIdSchema = z.string()
  .regex(/^[A-Za-z0-9._:@-]{1,64}$/, 'agent id: 1-64 letters, digits or . _ : @ -')
  .refine((id) => !/^(hook|lm):/.test(id), 'agent ids starting with hook: or lm: are reserved');
const PathSchema = z.string().min(1).max(LIMITS.pathChars).refine((p) => !p.includes('\0'), 'path must not contain NUL');
const ContentSchema = z.string().max(LIMITS.contentBytes);

export const RegisterAgentInputSchema = z.strictObject({
  id: AgentIdSchema,
  name: z.string().min(1).max(100),
});

export const RunCommandInputSchema = z.strictObject({
  command: z.string().min(1).max(LIMITS.commandChars).refine((c) => !c.includes('\0'), 'command must not contain NUL'),
  cwd: PathSchema,
  /** Names of vault secrets to inject as environment variables; values never cross this API. */
  secrets: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/)).max(LIMITS.secrets).optional(),
  timeoutMs: z.number().int().positive().max(LIMITS.maxTimeoutMs).optional(),
});

export const TextEditSchema = z.strictObject({ oldText: z.string().min(1), newText: z.string() });

export const EditFileInputSchema = z.union([
  z.strictObject({ path: PathSchema, newContent: ContentSchema }),
  z.strictObject({ path: PathSchema, edits: z.array(TextEditSchema).min(1).max(LIMITS.edits) }),
]);

export const ReadFileInputSchema = z.strictObject({ path: PathSchema });
export const DeleteFileInputSchema = z.strictObject({ path: PathSchema });
export const CreateFileInputSchema = z.strictObject({ path: PathSchema, content: ContentSchema });

export type RegisterAgentInput = z.infer<typeof RegisterAgentInputSchema>;
export type RunCommandInput = z.infer<typeof RunCommandInputSchema>;
export type EditFileInput = z.infer<typeof EditFileInputSchema>;
export type ReadFileInput = z.infer<typeof ReadFileInputSchema>;
export type DeleteFileInput = z.infer<typeof DeleteFileInputSchema>;
export type CreateFileInput = z.infer<typeof CreateFileInputSchema>;

const VerdictSchema = z.enum(['allow', 'deny']);
const RiskSchema = z.enum(['low', 'medium', 'high', 'critical']);

export const OperationResultSchema = z.object({
  /** `executed`: allowed and run; `denied`: not run (see reason); `failed`: allowed but execution failed; `invalid`: bad input. */
  status: z.enum(['executed', 'denied', 'failed', 'invalid']),
  verdict: VerdictSchema,
  risk: RiskSchema,
  /** Plain words the agent can act on. */
  reason: z.string(),
  /** For rate limits: wait this long before retrying. */
  retryAfterMs: z.number().int().nonnegative().optional(),
  /** When a developer edited the command before approving, the command that actually ran. */
  command: z.string().optional(),
  outcome: z.object({
    exitCode: z.number().int().optional(),
    /** Redacted: secret values are replaced before they reach the agent. */
    output: z.string().optional(),
    content: z.string().optional(),
    /** For reads: the kinds of prompt-injection finding in the content; reading it tainted the agent's session. */
    flagged: z.array(z.string()).optional(),
    timedOut: z.boolean().optional(),
    error: z.string().optional(),
  }).optional(),
});
export type OperationResult = z.infer<typeof OperationResultSchema>;

export const RegisterAgentResultSchema = z.object({
  id: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  profile: z.enum(['read-only', 'execute', 'admin']),
});
export type RegisterAgentResult = z.infer<typeof RegisterAgentResultSchema>;

/**
 * The object returned by `activate()`. Every operation takes the caller's agent id, registered first;
 * the guard decides, waits for a developer when needed, and executes only what was allowed.
 */
export interface AgentGuardApi {
  readonly version: typeof AGENT_API_VERSION;
  registerAgent(input: RegisterAgentInput): Promise<RegisterAgentResult>;
  runCommand(agentId: string, input: RunCommandInput): Promise<OperationResult>;
  editFile(agentId: string, input: EditFileInput): Promise<OperationResult>;
  readFile(agentId: string, input: ReadFileInput): Promise<OperationResult>;
  deleteFile(agentId: string, input: DeleteFileInput): Promise<OperationResult>;
  createFile(agentId: string, input: CreateFileInput): Promise<OperationResult>;
}

/** Formats zod issues as one plain sentence for the `invalid` result (never echoes input values). */
export function describeInvalidInput(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
  return `invalid input, nothing was executed (${parts.join('; ')})`;
}
