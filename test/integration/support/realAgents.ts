// The real agent CLIs inside the VS Code test bed: the same pinned install, agent definitions, scripted
// model server and run helpers `npm run test:agents` uses (scripts/lib/agentClis.mjs, agentModel.mjs,
// agentRun.mjs), loaded at run time from the checkout (they are ES modules of the build scripts, not
// part of the suite bundle). The types below describe only what the tests use.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { planHookInstall } from '../../../src/cli/hook/install';
import type { HookAgentName } from '../../../src/cli/hook/formats';
import { EXTENSION_ID } from './extension';

export interface AgentDefinition {
  cli: string;
  wire: string;
  command(command: string): unknown;
  setup(options: { home: string; workspace: string; modelUrl: string; trusted: boolean }): void;
}

export interface ModelServer {
  url: string;
  state: { script: Record<string, unknown> | undefined };
  close(): Promise<void>;
}

export interface AgentRun {
  code: number | string | null;
  output: string;
  ms: number;
}

export interface AgentLibs {
  AGENTS: Record<HookAgentName, AgentDefinition>;
  AGENT_CLI_VERSIONS: Record<string, string>;
  installedAgentClis(): string | undefined;
  startModelServer(): Promise<ModelServer>;
  makeAgentGuardShim(cliJs: string, node?: string): string;
  agentRunEnv(agent: AgentDefinition, options: { bin: string; shims: string; home: string; modelUrl: string; extra?: NodeJS.ProcessEnv }): NodeJS.ProcessEnv;
  runAgentCli(bin: string, agent: AgentDefinition, options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<AgentRun>;
}

/** The checkout the extension under test runs from (extensionDevelopmentPath). */
export const checkoutRoot = (): string => vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;

export async function loadAgentLibs(): Promise<AgentLibs> {
  const lib = (name: string) => import(pathToFileURL(join(checkoutRoot(), 'scripts', 'lib', name)).href) as Promise<Partial<AgentLibs>>;
  const modules = await Promise.all(['agentClis.mjs', 'agentModel.mjs', 'agentRun.mjs'].map(lib));
  return Object.assign({}, ...modules) as AgentLibs;
}

/** The pinned version of the agent's npm package (scripts/lib/agentClis.mjs). */
export function agentVersion(libs: AgentLibs, agent: HookAgentName): string {
  const pkg = Object.keys(libs.AGENT_CLI_VERSIONS).find((name) => name.includes(agent));
  return pkg ? `${pkg}@${libs.AGENT_CLI_VERSIONS[pkg]}` : agent;
}

/** A folder the agent treats as its own project: a git repository, as agents expect. */
export function makeProject(dir: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '--quiet', dir]);
}

/** Writes the agent's hook entry into `project` exactly as "Install Agent Hooks" plans it. */
export function installHook(agent: HookAgentName, project: string): void {
  const planned = planHookInstall(agent, project, undefined);
  if (!planned.ok) throw new Error(`${agent}: ${planned.reason}`);
  mkdirSync(dirname(planned.plan.file), { recursive: true });
  writeFileSync(planned.plan.file, planned.plan.after);
}

export interface AuditLine {
  agent: string;
  operation: string;
  target: string;
  result: string;
  source: string;
  details?: Record<string, unknown>;
}

/** Every entry of the audit log files in `dir`, oldest file first. */
export function readAuditLog(dir: string): AuditLine[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => /^audit-\d+\.jsonl$/.test(name)).sort()
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line.trim() !== ''))
    .map((line) => JSON.parse(line) as AuditLine);
}
