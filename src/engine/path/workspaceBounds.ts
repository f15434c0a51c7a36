/**
 * What a workspace may be, checked on every decision whoever built the request: the root of the file
 * system or the home folder would put every system or personal file "inside the workspace", where the
 * policy is loosest; and a command that starts outside the workspace runs whatever that folder holds
 * (its Makefile, package.json scripts, .envrc), which nothing here has looked at.
 */
import type { Verdict } from '../decision';
import { addFinding, type Judgement } from '../evaluator/judgement';
import { foldAbsolute, isInside, type PathEnvironment } from './normalize';

function ask(into: Judgement, ruleId: string, reason: string, verdict: Verdict = 'ask'): void {
  addFinding(into, { verdict, risk: 'high', reason, firm: true, rule: { source: 'builtin', ruleId, effect: verdict, description: reason } });
}

const fold = (path: string, nocase: boolean) => (nocase ? foldAbsolute(path).toLowerCase() : foldAbsolute(path));

/** Adds a firm ask when the workspace is `/` or the home folder. `workspace` is absolute and folded. */
export function checkWorkspaceBounds(into: Judgement, workspace: string, env: PathEnvironment, nocase: boolean): void {
  const folded = nocase ? workspace.toLowerCase() : workspace;
  if (folded === '/') {
    ask(into, 'builtin:workspace:root', 'the workspace is the root of the file system, so every file would count as inside it; open a project folder');
  } else if (env.home.startsWith('/') && folded === fold(env.home, nocase)) {
    ask(into, 'builtin:workspace:home', 'the workspace is your home folder, so every personal file would count as inside it; open a project folder');
  }
}

/** Adds a firm ask when a command starts in a directory outside the workspace. Both absolute and folded. */
export function checkCwdInside(into: Judgement, cwd: string, workspace: string, nocase: boolean): void {
  const inside = nocase ? isInside(cwd.toLowerCase(), workspace.toLowerCase()) : isInside(cwd, workspace);
  if (!inside) ask(into, 'builtin:workspace:cwd-outside', `the command would run in ${cwd}, outside the workspace ${workspace}, where files nobody checked decide what it does`);
}
