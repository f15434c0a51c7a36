import { strict as assert } from 'node:assert';
import type { AuditEntryInput } from '../../../../src/engine/audit';
import { AnomalyDetector, PauseController, type AgentEvent, type Anomaly } from '../../../../src/engine/anomaly';

const T0 = Date.UTC(2026, 3, 1, 9, 0, 0);

function setup(config = {}) {
  let clock = T0;
  const audit: AuditEntryInput[] = [];
  const now = (): number => clock;
  const pause = new PauseController({ now, audit: (e) => audit.push(e) });
  const detector = new AnomalyDetector({ now, pause, audit: (e) => audit.push(e), config });
  const advance = (ms: number): void => { clock += ms; };
  const feed = (event: Omit<AgentEvent, 'agent'> & { agent?: string }): Anomaly[] => detector.observe({ agent: 'claude', ...event });
  return { detector, pause, audit, advance, feed, now };
}

const rules = (anomalies: Anomaly[]): string[] => anomalies.map((a) => `${a.rule}:${a.severity}`);

describe('anomaly detector', () => {
  describe('rate spikes against the baseline', () => {
    it('flags a minute far above the learned baseline', () => {
      const { feed, advance } = setup();
      for (let minute = 0; minute < 10; minute++) {
        for (let i = 0; i < 10; i++) assert.deepEqual(feed({ kind: 'read', target: `src/f${minute}-${i}.ts` }), []);
        advance(60_000);
      }
      const raised: Anomaly[] = [];
      for (let i = 0; i < 61; i++) raised.push(...feed({ kind: 'read', target: `src/burst${i}.ts` }));
      assert.deepEqual(rules(raised), ['rate-spike:warning']);
    });

    it('does not flag a steady busy agent', () => {
      const { feed, advance } = setup();
      const raised: Anomaly[] = [];
      for (let minute = 0; minute < 30; minute++) {
        for (let i = 0; i < 50; i++) raised.push(...feed({ kind: 'command', target: `npm test -- shard ${minute}-${i}` }));
        advance(60_000);
      }
      assert.deepEqual(raised, []);
    });

    it('escalates to critical for an extreme burst', () => {
      const { feed } = setup();
      const raised: Anomaly[] = [];
      for (let i = 0; i < 300; i++) raised.push(...feed({ kind: 'write', target: `out/${i}.txt` }));
      assert.deepEqual(rules(raised), ['rate-spike:warning', 'rate-spike:critical']);
    });

    it('keeps a per-minute and per-hour baseline by kind', () => {
      const { feed, advance, detector } = setup();
      for (let minute = 0; minute < 4; minute++) {
        for (let i = 0; i < 3; i++) feed({ kind: 'read', target: `a${minute}${i}` });
        feed({ kind: 'command', target: `ls ${minute}` });
        advance(60_000);
      }
      const baseline = detector.baseline('claude');
      assert.equal(baseline.perHour.read, 12);
      assert.equal(baseline.perHour.command, 4);
      assert.equal(baseline.perMinute.read, 3);
      assert.equal(detector.baseline('nobody').perHour.read, 0);
    });
  });

  describe('repeated denials', () => {
    it('warns at 5 denials in the window and goes critical at 15', () => {
      const { feed, advance } = setup();
      const raised: Anomaly[] = [];
      for (let i = 0; i < 15; i++) {
        raised.push(...feed({ kind: 'command', target: `rm -rf /tmp/x${i}`, verdict: 'deny' }));
        advance(1000);
      }
      assert.deepEqual(rules(raised), ['repeated-denials:warning', 'repeated-denials:critical']);
    });

    it('ignores denials spread out beyond the window', () => {
      const { feed, advance } = setup();
      const raised: Anomaly[] = [];
      for (let i = 0; i < 10; i++) {
        raised.push(...feed({ kind: 'command', target: `sudo x${i}`, verdict: 'deny' }));
        advance(60_000);
      }
      assert.deepEqual(raised, []);
    });
  });

  describe('dangerous paths', () => {
    it('warns on reading credentials and is critical on writing them', () => {
      const { feed } = setup();
      assert.deepEqual(rules(feed({ kind: 'read', target: '/home/dev/.ssh/id_ed25519' })), ['dangerous-path:warning']);
      assert.deepEqual(rules(feed({ kind: 'write', target: '/home/dev/.aws/credentials' })), ['dangerous-path:critical']);
      assert.deepEqual(rules(feed({ kind: 'command', target: 'cat /etc/shadow' })), ['dangerous-path:warning']);
      assert.deepEqual(rules(feed({ kind: 'read', target: 'C:\\Users\\dev\\.ssh\\config' })), ['dangerous-path:warning']);
    });

    it('stays quiet on ordinary project paths', () => {
      const { feed } = setup();
      for (const target of ['src/ssh/client.ts', 'docs/aws-credentials.md', 'test/fixtures/id_rsa_parser.test.ts', 'README.md']) {
        assert.deepEqual(feed({ kind: 'read', target }), [], target);
      }
    });
  });

  describe('self-modification', () => {
    it('is critical when an agent tries to write its own policy, settings, tasks or hooks', () => {
      const { feed, pause } = setup();
      for (const target of ['.agent-guard/policy.json', '.vscode/settings.json', '.vscode/tasks.json', '.git/hooks/pre-commit', '.claude/settings.json', '.github/workflows/ci.yml']) {
        const raised = rules(feed({ kind: 'write', target, verdict: 'deny' })).filter((r) => !r.startsWith('repeated-denials'));
        assert.deepEqual(raised, ['self-modification:critical'], target);
      }
      assert.equal(pause.paused, false);
    });

    it('is an emergency (auto-pause) when such a write was allowed without a developer', () => {
      const { feed, pause } = setup();
      assert.deepEqual(rules(feed({ kind: 'write', target: '.vscode/settings.json', verdict: 'allow' })), ['self-modification:emergency']);
      assert.equal(pause.paused, true);
    });

    it('is only critical when a developer approved the write', () => {
      const { feed, pause } = setup();
      assert.deepEqual(rules(feed({ kind: 'write', target: '.vscode/tasks.json', verdict: 'allow', approvedByDeveloper: true })), ['self-modification:critical']);
      assert.equal(pause.paused, false);
    });

    it('ignores reads of those files and writes elsewhere', () => {
      const { feed } = setup();
      assert.deepEqual(feed({ kind: 'read', target: '.vscode/settings.json' }), []);
      assert.deepEqual(feed({ kind: 'write', target: 'src/settings.json', verdict: 'allow' }), []);
    });
  });

  describe('network hosts and exfiltration', () => {
    it('reports a never-seen host as info while learning and as a warning afterwards, once per host', () => {
      const { feed } = setup();
      assert.deepEqual(rules(feed({ kind: 'network', target: 'https://registry.npmjs.org/zod' })), ['new-host:info']);
      for (let i = 0; i < 25; i++) feed({ kind: 'read', target: `src/f${i}.ts` });
      assert.deepEqual(feed({ kind: 'network', target: 'https://registry.npmjs.org/mocha' }), []);
      assert.deepEqual(rules(feed({ kind: 'command', target: 'curl https://paste.example', host: 'paste.example' })), ['new-host:warning']);
    });

    it('is an emergency when a secret read is followed by egress, and pauses all agents', () => {
      const { feed, advance, pause, audit } = setup();
      feed({ kind: 'network', target: 'https://api.example.com/v1' });
      feed({ kind: 'read', target: '.env' });
      advance(30_000);
      const raised = feed({ kind: 'network', target: 'https://api.example.com/upload' });
      assert.deepEqual(rules(raised), ['exfiltration:emergency']);
      assert.equal(raised[0]?.evidence.length, 2);
      assert.equal(pause.paused, true);
      assert.match(pause.current.paused ? pause.current.reason : '', /Emergency anomaly anomaly-\d+/);
      assert.ok(audit.some((e) => e.result === 'paused' && e.operation === 'guard.pause'));
    });

    it('is critical, not an emergency, when the egress was denied; quiet when the read was long ago', () => {
      const first = setup();
      first.feed({ kind: 'read', target: 'config/secrets.yaml' });
      assert.deepEqual(rules(first.feed({ kind: 'network', target: 'https://x.test', verdict: 'deny' })).filter((r) => r.startsWith('exfil')), ['exfiltration:critical']);
      assert.equal(first.pause.paused, false);
      const second = setup();
      second.feed({ kind: 'read', target: '.env.local' });
      second.advance(11 * 60_000);
      assert.deepEqual(rules(second.feed({ kind: 'network', target: 'https://x.test' })), ['new-host:info']);
    });

    it('a vault use marked sensitive arms the rule too; a denied read does not', () => {
      const armed = setup();
      armed.feed({ kind: 'command', target: 'deploy --token $VAULT_TOKEN', sensitive: true });
      assert.ok(rules(armed.feed({ kind: 'network', target: 'https://deploy.test' })).includes('exfiltration:emergency'));
      const blocked = setup();
      blocked.feed({ kind: 'read', target: '/home/dev/.ssh/id_rsa', verdict: 'deny' });
      assert.ok(!rules(blocked.feed({ kind: 'network', target: 'https://x.test' })).some((r) => r.startsWith('exfil')));
    });
  });

  describe('loops', () => {
    it('warns at 10 identical operations within a minute and is critical at 30', () => {
      const { feed, advance } = setup();
      const raised: Anomaly[] = [];
      for (let i = 0; i < 30; i++) {
        raised.push(...feed({ kind: 'command', target: 'npm test' }));
        advance(1000);
      }
      assert.deepEqual(rules(raised), ['loop:warning', 'loop:critical']);
    });

    it('does not flag varied operations or slow repetition', () => {
      const { feed, advance } = setup();
      const raised: Anomaly[] = [];
      for (let i = 0; i < 40; i++) {
        raised.push(...feed({ kind: 'command', target: 'npm test' }));
        advance(10_000);
      }
      assert.deepEqual(raised, []);
    });
  });

  describe('review state and audit', () => {
    it('marks anomalies reviewed once, audits it, and lists unreviewed ones', () => {
      const { feed, detector, audit } = setup();
      const [anomaly] = feed({ kind: 'read', target: '~/.ssh/id_rsa' });
      assert.ok(anomaly && !anomaly.reviewed);
      assert.equal(detector.list({ unreviewed: true }).length, 1);
      assert.equal(detector.markReviewed(anomaly.id, 'dana'), true);
      assert.equal(detector.markReviewed(anomaly.id, 'dana'), false);
      assert.equal(detector.markReviewed('anomaly-404'), false);
      assert.equal(detector.list({ unreviewed: true }).length, 0);
      assert.equal(detector.list()[0]?.reviewedBy, 'dana');
      assert.deepEqual(audit.map((e) => e.result), ['anomaly', 'reviewed']);
    });

    it('never keeps a secret in evidence or audit entries', () => {
      const { feed, audit } = setup();
      const token = ['gh', 'p_'].join('') + 'Zx81Lm2Pq7Rt4Vn6Bc9Dw3Fy5Hk1Jg8Ms0Ta2Ub';
      feed({ kind: 'read', target: '.env' });
      const raised = feed({ kind: 'network', target: `https://x.test/?t=${token}` });
      assert.ok(raised.length > 0);
      assert.ok(!JSON.stringify(raised).includes(token));
      assert.ok(!JSON.stringify(audit).includes(token));
    });
  });
});

describe('pause controller', () => {
  it('pauses with a reason, answers every agent, and only resumes through a developer action (audited)', () => {
    const audit: AuditEntryInput[] = [];
    let clock = T0;
    const pause = new PauseController({ now: () => clock, audit: (e) => audit.push(e) });
    const seen: boolean[] = [];
    pause.onChange((s) => seen.push(s.paused));
    assert.deepEqual(pause.pauseState('any'), { paused: false });
    pause.pause('Emergency: exfiltration', { by: 'anomaly-detector', anomalyId: 'anomaly-1' });
    assert.deepEqual(pause.pauseState('copilot'), { paused: true, reason: 'Emergency: exfiltration', since: T0 });
    pause.pause('second cause', { by: 'anomaly-detector' });
    assert.equal(pause.current.paused && pause.current.reason, 'Emergency: exfiltration');
    clock += 5000;
    assert.equal(pause.resume('dana'), true);
    assert.equal(pause.resume('dana'), false);
    assert.deepEqual(seen, [true, true, false]);
    assert.deepEqual(audit.map((e) => [e.operation, e.result]), [['guard.pause', 'paused'], ['guard.pause', 'paused'], ['guard.resume', 'resumed']]);
    assert.equal(audit[2]?.details?.pausedForMs, 5000);
  });

  it('still pauses when the audit writer throws', () => {
    const pause = new PauseController({ now: () => 0, audit: () => { throw new Error('disk full'); } });
    pause.pause('x', { by: 'developer' });
    assert.equal(pause.paused, true);
  });
});
