/**
 * An agent's own session id as the hook passes it over the bridge (docs/hooks.md: Claude Code, Codex
 * and Gemini `session_id`, VS Code agent hooks `sessionId`). Zod-free: the hook bundle loads it.
 * Anything else (too long, other characters) is not passed on, and the session counts as unnamed,
 * which can only add taint (src/engine/taint/tracker.ts).
 */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function sessionIdOf(value: unknown): string | undefined {
  return typeof value === 'string' && SESSION_ID_PATTERN.test(value) ? value : undefined;
}
