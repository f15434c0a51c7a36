// Fault injection for `npm run test:agents`: the hook fails while a real agent asks about an allowed
// command (so "ran" means the fault let the command through). A crash fault runs twice per agent:
// - with the guard: the real `agent-guard hook`, made to fail from inside (AGENT_GUARD_HOOK_FAULT, test
//   builds only, src/cli/hook/failClosed.ts); it must answer the agent's deny, so the command must not run;
// - raw: the same kind of crash with no Agent Guard code at all: `agent-guard` on PATH is a stand-in
//   that dies that way (the agent's config is the installed entry, unchanged). What the agent does then
//   is the agent's own behaviour; it is recorded, not asserted.
// A bridge fault (`bridge`) runs once, with the real hook: a stand-in bridge (scripts/lib/faultBridge.mjs)
// serves the workspace and dies, stalls or answers garbage. The hook's bridge client answers those, not a
// crash handler, so there is no raw counterpart; the command must not run (it never falls back to the
// committed policy once a bridge took the request).
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NODE = process.execPath;
const OOM_JS = 'const hoard = []; for (;;) hoard.push("x".repeat(1 << 20) + hoard.length);';

/**
 * `guardEnv`: what makes the real hook fail. `raw`: the body of the stand-in `agent-guard` for the raw run.
 * The engine faults (oom, kill) happen in the in-process decision, which every case reaches first
 * (a fresh runtime folder per case: no bridge, no warm decider yet).
 */
export const FAULTS = [
  {
    name: 'internal throw',
    guardEnv: { AGENT_GUARD_HOOK_FAULT: 'throw' },
    raw: `exec "${NODE}" -e 'throw new Error("raw hook crash")'`, // exit 1
  },
  {
    name: 'out of memory',
    guardEnv: { AGENT_GUARD_HOOK_FAULT: 'oom' },
    raw: `exec "${NODE}" --max-old-space-size=16 -e '${OOM_JS}'`, // V8 aborts: SIGABRT
  },
  {
    name: 'killed by SIGKILL',
    guardEnv: { AGENT_GUARD_HOOK_FAULT: 'kill' }, // the decision process dies; the hook process answers
    raw: 'kill -9 $$', // the hook process itself dies of SIGKILL
  },
  { name: 'bridge killed mid-request', bridge: 'kill', guardEnv: {} },
  // The hook waits 3 s instead of its default 570 s for the developer's answer.
  { name: 'bridge never answers', bridge: 'hang', guardEnv: { AGENT_GUARD_HOOK_WAIT_MS: '3000' } },
  { name: 'malformed bridge answer', bridge: 'garbage', guardEnv: {} },
];

/** A new folder whose `agent-guard` crashes as `fault.raw` says (put first on PATH for the raw run). */
export function makeRawCrashShim(fault) {
  const dir = mkdtempSync(join(tmpdir(), 'ag-agents-raw-'));
  const shim = join(dir, 'agent-guard');
  writeFileSync(shim, `#!/bin/sh\n${fault.raw}\n`);
  chmodSync(shim, 0o755);
  return dir;
}
