/** Shared by the hook tests: the scripted policy of test/fixtures/hooks/README.md and a real bridge. */
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../../../src/cli/io';
import type { Decision } from '../../../src/engine/decision';
import { createGuard, type Guard, type InterceptAuditEntry } from '../../../src/engine/interceptor';
import { bridgeDecider } from '../../../src/node/bridge/decider';
import { startBridgeServer, type BridgeServer } from '../../../src/node/bridge/server';
import type { BridgeOperation } from '../../../src/protocol/bridge';
import { FakeClock } from '../engine/approval/fakeClock';

export const FIXTURES = path.join(__dirname, '../../fixtures/hooks');
export const PROJECT = '/home/dev/project';

const decision = (verdict: Decision['decision'], risk: Decision['risk'], reason: string): Decision =>
  ({ decision: verdict, risk, reasons: [reason], matchedRules: [], subcommands: [] });

/** The scripted policy described in test/fixtures/hooks/README.md. */
export function scriptedPolicy(op: BridgeOperation): Decision {
  if (op.kind === 'command') {
    if (op.command === 'npm test') return decision('allow', 'low', 'allowed by policy');
    if (op.command === 'rm -rf /') return decision('deny', 'critical', 'deleting the root of the file system is never allowed');
    if (op.command === 'git push origin main') return decision('ask', 'high', 'pushing to main needs a developer');
    return decision('ask', 'medium', 'unknown command');
  }
  if (path.basename(op.path) === '.env') return decision('deny', 'high', '.env holds secrets and is protected');
  if (op.path.startsWith(`${PROJECT}/`)) return decision('allow', 'low', 'allowed by policy');
  return decision('ask', 'medium', 'outside the project');
}

export function ioFor(stdin: string, env: NodeJS.ProcessEnv) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { stdin: Readable.from([Buffer.from(stdin)]), write: (t) => { out.stdout += t; }, error: (t) => { out.stderr += t; }, env, cwd: '/' };
  return { io, out };
}

/** A guard over the scripted policy that never executes anything, with the given hook agents approved. */
export function scriptedGuard(agents: readonly (readonly [id: string, name: string])[], audited: InterceptAuditEntry[] = []): Guard {
  const guard = createGuard({
    clock: new FakeClock(),
    engine: {
      checkCommand: (command, cwd) => scriptedPolicy({ kind: 'command', command, cwd }),
      checkPath: (kind, p) => scriptedPolicy({ kind, path: p }),
    },
    executor: { execute: async () => ({ error: 'hooks never execute' }) },
    audit: { record: (entry) => { audited.push(entry); } },
  });
  for (const [id, name] of agents) {
    guard.agents.register(id, name);
    guard.agents.approve(id, 'admin');
  }
  return guard;
}

export async function startGuardBridge(runtime: string, workspace = PROJECT): Promise<{ guard: Guard; server: BridgeServer; audited: InterceptAuditEntry[] }> {
  const audited: InterceptAuditEntry[] = [];
  const guard = scriptedGuard([['hook:claude', 'Claude Code'], ['hook:copilot', 'GitHub Copilot'], ['hook:codex', 'OpenAI Codex'], ['hook:gemini', 'Gemini CLI']], audited);
  const server = await startBridgeServer({ workspace, env: { XDG_RUNTIME_DIR: runtime }, decide: bridgeDecider(guard) });
  return { guard, server, audited };
}
