/** The zod-free client of the hook's fast path reads exactly what the zod schemas accept, no more. */
import * as assert from 'node:assert/strict';
import { BRIDGE_PROTOCOL_VERSION, BridgeDiscoverySchema, BridgeResponseSchema } from '../../../../src/protocol/bridge';
import { LIGHT_PROTOCOL_VERSION, parseDiscovery, parseResponse } from '../../../../src/node/bridge/lightClient';

const decision = (result: Record<string, unknown>) => ({ v: 1, id: 'a', ok: true, result });

const RESPONSES: unknown[] = [
  decision({ verdict: 'allow', reason: 'ok', risk: 'low' }),
  decision({ verdict: 'deny', reason: 'no', risk: 'critical', retryAfterMs: 1500 }),
  decision({ verdict: 'allow', reason: 'edited', risk: 'medium', command: 'npm test -- --bail' }),
  { v: 1, id: 'a', ok: false, error: { code: 'handed-over', message: 'ask again' } },
  { v: 1, id: '', ok: false, error: { code: 'unauthorized', message: 'wrong token' } },
  // Shapes that must be unreadable (and so a denial):
  decision({ verdict: 'ask', reason: 'x', risk: 'low' }),
  decision({ verdict: 'allow', risk: 'low' }),
  decision({ verdict: 'allow', reason: 'x', risk: 'none' }),
  decision({ verdict: 'allow', reason: 'x', risk: 'low', retryAfterMs: -1 }),
  decision({ verdict: 'allow', reason: 'x', risk: 'low', retryAfterMs: 1.5 }),
  decision({ verdict: 'allow', reason: 'x', risk: 'low', command: 7 }),
  { v: 2, id: 'a', ok: true, result: { verdict: 'allow', reason: 'x', risk: 'low' } },
  { v: 1, ok: true, result: { verdict: 'allow', reason: 'x', risk: 'low' } },
  { v: 1, id: 'a', ok: 'true', result: { verdict: 'allow', reason: 'x', risk: 'low' } },
  { v: 1, id: 'a', ok: false, error: { code: 'nope', message: 'x' } },
  { v: 1, id: 'a', ok: false },
  [], null, 'allow', 1,
];

describe('bridge lightClient (no zod)', () => {
  it('speaks the protocol version of src/protocol/bridge.ts', () => {
    assert.equal(LIGHT_PROTOCOL_VERSION, BRIDGE_PROTOCOL_VERSION);
  });

  it('accepts a decision or error answer exactly when the zod schema does, with the same fields', () => {
    for (const raw of RESPONSES) {
      const light = parseResponse(JSON.stringify(raw));
      const strict = BridgeResponseSchema.safeParse(raw);
      assert.equal(light !== undefined, strict.success, JSON.stringify(raw));
      if (light) assert.deepEqual(light, strict.data);
    }
  });

  it('treats a pong or handover answer to a decide request as unreadable (the hook then denies)', () => {
    for (const raw of [{ v: 1, id: 'a', ok: true, pong: true }, { v: 1, id: 'a', ok: true, handedOver: true }]) {
      assert.ok(BridgeResponseSchema.safeParse(raw).success);
      assert.equal(parseResponse(JSON.stringify(raw)), undefined);
    }
    assert.equal(parseResponse('not json'), undefined);
  });

  it('reads a discovery file the zod schema accepts, and refuses broken ones', () => {
    const good = { v: 1, socketPath: '/run/user/1/agent-guard/k.sock', tokenPath: '/run/user/1/agent-guard/k.token', workspace: '/w', pid: 42, startedAt: 1 };
    assert.ok(BridgeDiscoverySchema.safeParse(good).success);
    assert.deepEqual(parseDiscovery(JSON.stringify(good)), { socketPath: good.socketPath, tokenPath: good.tokenPath, workspace: '/w', pid: 42 });
    for (const bad of [{ ...good, v: 2 }, { ...good, pid: 0 }, { ...good, pid: 1.5 }, { ...good, socketPath: '' }, { ...good, tokenPath: 3 }, { ...good, workspace: undefined }]) {
      assert.equal(BridgeDiscoverySchema.safeParse(bad).success, false);
      assert.equal(parseDiscovery(JSON.stringify(bad)), undefined, JSON.stringify(bad));
    }
    assert.equal(parseDiscovery('{'), undefined);
  });
});
