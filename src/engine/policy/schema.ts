/**
 * The policy file an admin writes (`.vscode/agent-guard.json`, user settings, managed policy).
 * One zod schema is the source of truth: the loader validates with it and scripts/gen-schema.mjs
 * turns it into the JSON Schema contributed to VS Code for completion and errors.
 * Every section is optional in a layer; the merged, effective policy is `EffectivePolicy` (merge.ts).
 */
import { z } from 'zod';
import { MAX_WINDOW_MINUTES, TAINT_SOURCE_KINDS } from '../taint/types';

export const verdictSchema = z.enum(['allow', 'ask', 'deny']);
export const riskSchema = z.enum(['low', 'medium', 'high', 'critical']);
export const approvalModeSchema = z.enum(['always', 'smart', 'never'])
  .describe("always: every allow becomes ask. smart: as the rules say. never: rule asks become allow, but deny, critical risk and anything the engine cannot understand still stop.");
export const templateNameSchema = z.enum(['strict', 'balanced', 'trusted-automation']);
/** In a policy file: a template name, or `trusted`, the CLI's short name, read as `trusted-automation`. */
const templateInFileSchema = z.enum([...templateNameSchema.options, 'trusted'])
  .transform((name) => (name === 'trusted' ? 'trusted-automation' : name));
export const pathOpSchema = z.enum(['read', 'write', 'delete', 'execute']);
export const profileSchema = z.enum(['read-only', 'execute', 'admin']);

const exampleList = z.array(z.string().max(4096)).max(100);

export const commandRuleSchema = z.object({
  id: z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, . _ : -'),
  effect: verdictSchema,
  command: z.union([z.string().min(1).max(500), z.array(z.string().min(1).max(500)).min(1).max(50)], {
    error: 'expected a pattern (a string of 1 to 500 characters, e.g. "npm run test*") or a list of 1 to 50 such patterns',
  })
    .describe('Pattern(s): program then arguments, e.g. "git push", "npm run test*", "rm -rf". Words are globs; -xy flags match in any order.'),
  risk: riskSchema.optional(),
  description: z.string().max(500).optional(),
  unless: z.array(z.string().min(1).max(500)).max(100).optional()
    .describe('Exact forms this ask/deny rule does not cover, e.g. "git checkout -b *": every word is literal except `*` (one plain word, not a flag) and a final `**` (one or more plain words).'),
  match: exampleList.optional().describe('Command lines this rule must match (checked when the policy loads).'),
  notMatch: exampleList.optional().describe('Command lines this rule must not match (checked when the policy loads).'),
}).strict();

export const pathRuleSchema = z.object({
  id: z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, . _ : -'),
  effect: verdictSchema,
  ops: z.array(pathOpSchema).min(1),
  globs: z.array(z.string().min(1).max(1000)).min(1).max(200)
    .describe('minimatch globs: "src/**" is workspace-relative, "/abs/**" or "~/x/**" absolute, "**/x" anywhere.'),
  risk: riskSchema.optional(),
  description: z.string().max(500).optional(),
}).strict();

const opVerdicts = z.object({
  read: verdictSchema.optional(),
  write: verdictSchema.optional(),
  delete: verdictSchema.optional(),
  execute: verdictSchema.optional(),
}).strict();

export const protectedSetsSchema = z.object({
  secrets: z.boolean().optional(),
  agentConfig: z.boolean().optional(),
  vcsInternals: z.boolean().optional(),
  ciWorkflows: z.boolean().optional(),
  buildFiles: z.boolean().optional()
    .describe('Manifests, lockfiles, build scripts and hook files that package managers, builds, CI and tools run later (write asks).'),
}).strict();

export const pathsSchema = z.object({
  allowed_paths: z.array(z.string().min(1).max(1000)).max(500).optional()
    .describe('Globs allowed for every operation (never overrides deny rules or protected files).'),
  denied_paths: z.array(z.string().min(1).max(1000)).max(500).optional().describe('Globs denied for every operation.'),
  rules: z.array(pathRuleSchema).max(1000).optional(),
  insideWorkspace: opVerdicts.optional().describe('Default per operation for paths inside the workspace.'),
  outsideWorkspace: opVerdicts.optional().describe('Default per operation for paths outside the workspace.'),
  protected: protectedSetsSchema.optional().describe('Built-in protected file sets (on unless every layer turns them off).'),
}).strict();

export const networkSchema = z.object({
  allowedHosts: z.array(z.string().min(1).max(253)).max(500).optional()
    .describe('Hosts commands may reach: "registry.npmjs.org" or "*.github.com" (bare "*" and "*.com" are rejected).'),
  deniedHosts: z.array(z.string().min(1).max(253)).max(500).optional(),
  unknownHosts: verdictSchema.optional().describe('Verdict for hosts not listed (and for unknown hosts).'),
  loopbackReads: verdictSchema.optional().describe('Verdict for requests that only read from this machine (localhost, 127.0.0.1, [::1]; a dev server). A request that sends data or changes state there asks whatever this says. Default: unknownHosts.'),
}).strict();

export const commandsSchema = z.object({
  rules: z.array(commandRuleSchema).max(5000).optional(),
  unknownPrograms: verdictSchema.optional().describe('Verdict for programs no rule covers.'),
  notUnderstood: z.enum(['ask', 'deny']).optional()
    .describe('Verdict when the analyzer cannot fully understand a command (dynamic names, obfuscation...).'),
}).strict();

export const riskPolicySchema = z.object({
  askAtOrAbove: riskSchema.optional().describe('An allowed operation at or above this risk becomes ask.'),
  denyAtOrAbove: riskSchema.optional().describe('Any operation at or above this risk is denied.'),
}).strict();

export const agentsSchema = z.object({
  defaultProfile: profileSchema.optional(),
  profiles: z.record(z.string().min(1).max(100), profileSchema).optional()
    .describe('Per agent id (e.g. "claude-code", "copilot"): read-only | execute | admin.'),
}).strict();

const bucketSchema = z.object({
  burst: z.number().int().min(1).max(100000),
  perHour: z.number().int().min(1).max(10000000),
}).strict();

export const rateLimitsSchema = z.object({
  commands: bucketSchema.optional(),
  fileWrites: bucketSchema.optional(),
  network: bucketSchema.optional(),
}).strict();

export const secretGrantSchema = z.object({
  name: z.string().min(1).max(200).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'secret names are environment-variable names'),
  commands: z.array(z.string().min(1).max(500)).min(1).max(100).describe('Command patterns (as in command rules) that may receive it.'),
}).strict();

export const sandboxSchema = z.object({
  required: z.boolean().optional().describe('Refuse to run approved commands when no sandbox is available.'),
  network: z.enum(['none', 'allowlist', 'full']).optional(),
  limits: z.object({
    memoryMb: z.number().int().min(16).max(1048576).optional(),
    cpuSeconds: z.number().int().min(1).max(86400).optional(),
    processes: z.number().int().min(1).max(100000).optional(),
    fileSizeMb: z.number().int().min(1).max(1048576).optional(),
    timeoutSeconds: z.number().int().min(1).max(86400).optional(),
    outputBytes: z.number().int().min(1024).max(1073741824).optional(),
    diskMb: z.number().int().min(1).max(1048576).optional()
      .describe('Disk space one sandboxed run may add in total (all files it writes, and its private /tmp), MB.'),
  }).strict().optional(),
}).strict();

/** Taint (docs/policy.md "Taint"): an untrusted read raises the bar for exfiltration, settings changes, downloaded code. */
export const taintSchema = z.object({
  enabled: z.boolean().optional()
    .describe('On in every template. Only your user settings or the managed policy can turn it off; a workspace file can only turn it on.'),
  windowMinutes: z.number().int().min(1).max(MAX_WINDOW_MINUTES).optional()
    .describe('How long an untrusted read keeps the agent session tainted. A workspace file can only lengthen it.'),
  sources: z.array(z.enum(TAINT_SOURCE_KINDS)).max(TAINT_SOURCE_KINDS.length).optional()
    .describe('Which reads taint: flagged (the inbound scanner found an injection), web-fetch, issue-text, outside-workspace, network-output. A workspace file can only add.'),
}).strict();

const pemFile = z.string().min(1).max(4096);

/** Live forwarding of the audit trail to the team's syslog collector (docs/audit.md). */
export const auditForwardSchema = z.object({
  transport: z.enum(['tcp', 'tls']).describe('tcp: RFC 5424 over TCP (RFC 6587 octet counting); tls: the same over TLS (RFC 5425).'),
  host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:_-]+$/, 'a host name or IP address'),
  port: z.number().int().min(1).max(65535),
  caFile: pemFile.optional().describe('TLS: PEM file of the CA that signed the collector\'s certificate (else the system CAs).'),
  certFile: pemFile.optional().describe('TLS: client certificate (PEM), with keyFile.'),
  keyFile: pemFile.optional().describe('TLS: client key (PEM), with certFile.'),
}).strict().refine((f) => (f.certFile === undefined) === (f.keyFile === undefined), { message: 'certFile and keyFile go together' })
  .refine((f) => f.transport === 'tls' || (f.caFile === undefined && f.certFile === undefined), { message: 'caFile, certFile and keyFile need transport "tls"' });

const auditSchema = z.object({
  forward: auditForwardSchema.optional(),
}).strict().describe('Read from the managed policy, else from your user settings; a workspace file cannot set or redirect it.');

export const policySchema = z.object({
  $schema: z.string().optional(),
  version: z.literal(1),
  template: templateInFileSchema.optional().describe('Base template; the layers above it only add or tighten. "trusted" is short for "trusted-automation".'),
  approvalMode: approvalModeSchema.optional(),
  risk: riskPolicySchema.optional(),
  commands: commandsSchema.optional(),
  paths: pathsSchema.optional(),
  network: networkSchema.optional(),
  agents: agentsSchema.optional(),
  rateLimits: rateLimitsSchema.optional(),
  secrets: z.array(secretGrantSchema).max(500).optional(),
  sandbox: sandboxSchema.optional(),
  audit: auditSchema.optional(),
  taint: taintSchema.optional(),
}).strict();

export type PolicyFile = z.infer<typeof policySchema>;
export type CommandRule = z.infer<typeof commandRuleSchema>;
export type PathRule = z.infer<typeof pathRuleSchema>;
export type PathOp = z.infer<typeof pathOpSchema>;
export type ApprovalMode = z.infer<typeof approvalModeSchema>;
export type TemplateName = z.infer<typeof templateNameSchema>;
export type AgentProfile = z.infer<typeof profileSchema>;
export type ProtectedSets = Required<z.infer<typeof protectedSetsSchema>>;
export type RateLimits = z.infer<typeof rateLimitsSchema>;
export type SecretGrant = z.infer<typeof secretGrantSchema>;
export type AuditForward = z.infer<typeof auditForwardSchema>;
export type SandboxSettings = z.infer<typeof sandboxSchema>;
export type TaintPolicy = z.infer<typeof taintSchema>;
export type OpVerdicts = Record<PathOp, z.infer<typeof verdictSchema>>;
