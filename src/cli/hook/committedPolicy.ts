/**
 * The offline evaluator for `agent-guard hook`: the same layered policy `agent-guard check` uses
 * (the workspace's committed .vscode/agent-guard.json, tighten-only, then the managed policy on top),
 * evaluated by the engine's evaluator in this process.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { WORKSPACE_POLICY } from '../../node/policyFiles';
import { EvaluatorCache } from '../check';
import type { CliIo } from '../io';
import type { FallbackEvaluator } from './fallback';

/** The nearest folder at or above `cwd` with a committed policy; `cwd` itself when there is none. */
export function findWorkspaceRoot(cwd: string): string {
  let current = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(current, WORKSPACE_POLICY))) return current;
    const parent = path.dirname(current);
    if (parent === current) return path.resolve(cwd);
    current = parent;
  }
}

/**
 * Without VS Code nobody can say whether the developer trusts this folder (Workspace Trust lives in
 * the editor), and a freshly cloned repository's committed policy must not loosen anything: it is
 * applied as an untrusted layer, which may only tighten the defaults and the managed policy.
 */
export function committedPolicyEvaluator(io: CliIo): FallbackEvaluator {
  const cache = new EvaluatorCache(io, undefined, false);
  return async (operation, cwd, agentId) => {
    const workspace = findWorkspaceRoot(cwd);
    const evaluator = await cache.get(workspace);
    if (operation.kind === 'command') {
      return evaluator.checkCommand({ command: operation.command, cwd: operation.cwd, workspace, agent: agentId });
    }
    // The policy knows read/write/delete; creating a file is writing it.
    const op = operation.kind === 'create' ? 'write' : operation.kind;
    return evaluator.checkPath({ op, path: operation.path, cwd, workspace, agent: agentId });
  };
}
