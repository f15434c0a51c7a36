// Fault injection for `npm run test:agents`: the hook crashes while a real agent asks about an allowed
// command (so "ran" means the crash let the command through). Each fault runs twice per agent:
// - with the guard: the real `agent-guard hook`, made to fail from inside (AGENT_GUARD_HOOK_FAULT, test
//   builds only, src/cli/hook/failClosed.ts); it must answer the agent's deny, so the command must not run;
// - raw: the same kind of crash with no Agent Guard code at all: `agent-guard` on PATH is a stand-in
//   that dies that way (the agent's config is the installed entry, unchanged). What the agent does then
//   is the agent's own behaviour; it is recorded, not asserted.
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
    name: 'killed (SIGKILL)',
    guardEnv: { AGENT_GUARD_HOOK_FAULT: 'kill' },
    raw: 'kill -9 $$', // the hook process itself dies of SIGKILL
  },
];

/** A new folder whose `agent-guard` crashes as `fault.raw` says (put first on PATH for the raw run). */
export function makeRawCrashShim(fault) {
  const dir = mkdtempSync(join(tmpdir(), 'ag-agents-raw-'));
  const shim = join(dir, 'agent-guard');
  writeFileSync(shim, `#!/bin/sh\n${fault.raw}\n`);
  chmodSync(shim, 0o755);
  return dir;
}
