/**
 * The results file the in-host suite writes and the runner (scripts/integration.mjs) reads. It is the
 * single source of truth for pass/fail: the runner's exit code comes from it, never from the browser.
 */
export interface IntegrationTestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: { message: string; stack?: string };
}

export interface IntegrationResults {
  vscodeVersion: string;
  stats: { passes: number; failures: number; pending: number; durationMs: number };
  tests: IntegrationTestRecord[];
  /**
   * Trusted bed, phase 1 only: how many `@untrusted` tests (after AGENT_GUARD_TEST_GREP) were held back
   * for the untrusted bed. The runner starts that bed only when this is above 0.
   */
  untrustedTests?: number;
  /** Set when the suite itself could not load or run (counts as a failure). */
  fatal?: string;
}

/** Environment variables the runner sets on code-server; the extension host inherits them. */
export const ENV = {
  resultsFile: 'AGENT_GUARD_TEST_RESULTS',
  uiControlUrl: 'AGENT_GUARD_UI_CONTROL',
  uiControlToken: 'AGENT_GUARD_UI_TOKEN',
  grep: 'AGENT_GUARD_TEST_GREP',
} as const;
