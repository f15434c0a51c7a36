/**
 * The approval timeout setting (`agentGuard.approval.timeoutSeconds`), checked here so the extension and
 * its tests share one rule. Anything but a number of seconds in range falls back to the default with a
 * problem to report: there is no "never expire", and no wait too short for a human to read the request.
 */
import { DEFAULT_APPROVAL_TIMEOUT_MS } from './queue';

export const APPROVAL_TIMEOUT_SETTING = 'agentGuard.approval.timeoutSeconds';
/** Mirrors `minimum`/`maximum` in package.json (a unit test keeps them equal). */
export const MIN_APPROVAL_TIMEOUT_SECONDS = 10;
export const MAX_APPROVAL_TIMEOUT_SECONDS = 3600;

export interface ApprovalTimeout {
  ms: number;
  /** Set when the value was not usable and the default applies instead; plain words, no secrets. */
  problem?: string;
}

export function approvalTimeoutFromSetting(seconds: unknown): ApprovalTimeout {
  if (seconds === undefined || seconds === null) return { ms: DEFAULT_APPROVAL_TIMEOUT_MS };
  const valid = typeof seconds === 'number' && seconds >= MIN_APPROVAL_TIMEOUT_SECONDS && seconds <= MAX_APPROVAL_TIMEOUT_SECONDS;
  if (valid) return { ms: Math.round(seconds * 1000) };
  const shown = typeof seconds === 'number' || typeof seconds === 'boolean' ? String(seconds) : `a ${typeof seconds}`;
  return {
    ms: DEFAULT_APPROVAL_TIMEOUT_MS,
    problem: `${APPROVAL_TIMEOUT_SETTING} is ${shown}; it must be a number of seconds from ${MIN_APPROVAL_TIMEOUT_SECONDS} to ${MAX_APPROVAL_TIMEOUT_SECONDS}, so the default of ${DEFAULT_APPROVAL_TIMEOUT_MS / 1000} s applies`,
  };
}
