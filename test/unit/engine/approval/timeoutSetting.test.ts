import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_APPROVAL_TIMEOUT_MS } from '../../../../src/engine/approval/queue';
import {
  APPROVAL_TIMEOUT_SETTING, approvalTimeoutFromSetting, MAX_APPROVAL_TIMEOUT_SECONDS, MIN_APPROVAL_TIMEOUT_SECONDS,
} from '../../../../src/engine/approval/timeoutSetting';

describe('approval timeout setting', () => {
  it('takes seconds in range as they are', () => {
    assert.deepEqual(approvalTimeoutFromSetting(10), { ms: 10_000 });
    assert.deepEqual(approvalTimeoutFromSetting(12.5), { ms: 12_500 });
    assert.deepEqual(approvalTimeoutFromSetting(3600), { ms: 3_600_000 });
  });

  it('uses the default silently when unset', () => {
    assert.deepEqual(approvalTimeoutFromSetting(undefined), { ms: DEFAULT_APPROVAL_TIMEOUT_MS });
  });

  it('falls back to the default with a problem for anything else: no "never expire", no 1-s approvals', () => {
    for (const bad of [0, -1, 5, 9.99, 3601, Number.NaN, Number.POSITIVE_INFINITY, '30', true, {}]) {
      const { ms, problem } = approvalTimeoutFromSetting(bad);
      assert.equal(ms, DEFAULT_APPROVAL_TIMEOUT_MS, String(bad));
      assert.match(problem ?? '', /must be a number of seconds from 10 to 3600, so the default of 300 s applies/);
    }
    assert.match(approvalTimeoutFromSetting(0).problem ?? '', /timeoutSeconds is 0;/);
    assert.match(approvalTimeoutFromSetting('30').problem ?? '', /timeoutSeconds is a string;/);
  });

  it('matches the setting declared in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: number; minimum: number; maximum: number }> } };
    };
    const declared = manifest.contributes.configuration.properties[APPROVAL_TIMEOUT_SETTING];
    assert.deepEqual(
      [declared?.default, declared?.minimum, declared?.maximum],
      [DEFAULT_APPROVAL_TIMEOUT_MS / 1000, MIN_APPROVAL_TIMEOUT_SECONDS, MAX_APPROVAL_TIMEOUT_SECONDS],
    );
  });
});
