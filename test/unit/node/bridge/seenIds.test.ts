import * as assert from 'node:assert/strict';
import { createSeenIds } from '../../../../src/node/bridge/seenIds';

describe('bridge seen request ids', () => {
  it('refuses an id seen within the window, forgets it after, and fails closed when full of live ids', () => {
    let now = 0;
    const ids = createSeenIds(() => now, 1000, 2);
    assert.equal(ids.claim('a'), 'fresh');
    assert.equal(ids.claim('a'), 'seen');
    now = 500;
    assert.equal(ids.claim('b'), 'fresh');
    assert.equal(ids.claim('c'), 'full', 'no live id is forgotten to make room');
    now = 999;
    assert.equal(ids.claim('a'), 'seen');
    now = 1000;
    assert.equal(ids.claim('c'), 'fresh', 'a expired, so there is room');
    assert.equal(ids.claim('a'), 'full');
    now = 1500;
    assert.equal(ids.claim('a'), 'fresh');
  });
});
