/**
 * The offline evaluator for `agent-guard hook`: the same layered policy `agent-guard check` uses
 * (the workspace's committed .vscode/agent-guard.json, tighten-only, then the managed policy on top),
 * evaluated by the engine's evaluator in this process.
 */
import type { Decision } from '../../engine/decision';
import { nodePathEnvironment } from '../../node/policyFiles';
import { findWorkspaceRoot } from '../../node/workspaceRoot';
import { EvaluatorCache } from '../check';
import type { CliIo } from '../io';
import type { FallbackEvaluator } from './fallback';

/** The answer for a cwd outside every folder Agent Guard can recognise as a project: ask (offline: deny). */
function noWorkspace(reason: string): Decision {
  return {
    decision: 'ask', risk: 'high', reasons: [reason], subcommands: [],
    matchedRules: [{ source: 'builtin', ruleId: 'builtin:workspace:unknown', effect: 'ask', description: reason }],
  };
}

/**
 * Without VS Code nobody can say whether the developer trusts this folder (Workspace Trust lives in
 * the editor), and a freshly cloned repository's committed policy must not loosen anything: it is
 * applied as an untrusted layer, which may only tighten the defaults and the managed policy.
 * The hook's `cwd` is the agent's word: it only says where to look for the project folder
 * (workspaceRoot.ts), and a cwd in no project folder gets no workspace at all.
 */
export function committedPolicyEvaluator(io: CliIo): FallbackEvaluator {
  const cache = new EvaluatorCache(io, undefined, false);
  const home = nodePathEnvironment(io.env).home;
  return async (operation, cwd, agentId) => {
    const found = findWorkspaceRoot(operation.kind === 'command' ? operation.cwd : cwd, home);
    if (!found.found) return noWorkspace(found.reason);
    const workspace = found.root;
    const evaluator = await cache.get(workspace);
    if (operation.kind === 'command') {
      return evaluator.checkCommand({ command: operation.command, cwd: operation.cwd, workspace, agent: agentId });
    }
    // The policy knows read/write/delete; creating a file is writing it.
    const op = operation.kind === 'create' ? 'write' : operation.kind;
    return evaluator.checkPath({ op, path: operation.path, cwd, workspace, agent: agentId });
  };
}
