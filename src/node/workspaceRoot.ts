/**
 * Where a workspace is, when nobody who knows (VS Code's open folders) can say: the nearest folder at
 * or above a directory that holds a committed policy (.vscode/agent-guard.json) or a `.git`. The
 * directory usually comes from the agent (a hook's `cwd`, a batch line), so it only says where to
 * start looking: the root of the file system and the home folder are never workspaces, whatever
 * they hold (a dotfiles repository in $HOME must not put ~/.ssh "inside the workspace").
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { WORKSPACE_POLICY } from './policyFiles';

export type WorkspaceRoot = { found: true; root: string } | { found: false; reason: string };

/** True for folders that are never a workspace: the file-system root and the home folder. */
export function isNeverWorkspace(dir: string, home: string): boolean {
  const resolved = path.resolve(dir);
  return resolved === path.parse(resolved).root || (home !== '' && resolved === path.resolve(home));
}

export function findWorkspaceRoot(cwd: string, home: string): WorkspaceRoot {
  const start = path.resolve(cwd);
  for (let current = start; ; current = path.dirname(current)) {
    if (!isNeverWorkspace(current, home) && (existsSync(path.join(current, WORKSPACE_POLICY)) || existsSync(path.join(current, '.git')))) {
      return { found: true, root: current };
    }
    if (path.dirname(current) === current) break;
  }
  return {
    found: false,
    reason: `${start} is not inside a project folder (no .git or ${WORKSPACE_POLICY} at or above it, not counting / and the home folder), so Agent Guard cannot tell which files are the workspace`,
  };
}
