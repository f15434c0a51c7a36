import { strict as assert } from 'node:assert';
import { inert } from '../../../../src/engine/display/inertLinks';

/** VS Code's own link pattern for notification messages (notifications render and open these). */
const VSCODE_NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('inert notification text', () => {
  const crafted = [
    'echo "[Approve once](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)"',
    'touch "[docs](https://evil.example/x)"',
    'cat [a](file:///etc/passwd) [b](command:x)',
    'titled [x](command:y "Approve")',
  ];

  it('leaves no link VS Code would render in agent-chosen text', () => {
    for (const text of crafted) {
      assert.ok(text.match(VSCODE_NOTIFICATION_LINK), `precondition: ${text} is a link as written`);
      assert.equal(inert(text).match(VSCODE_NOTIFICATION_LINK), null, text);
    }
  });

  it('changes nothing else', () => {
    for (const text of ['rm -r ask-dir; echo ran >> ask-count.txt', 'arr[0]=1 (sub)', 'test [ -f x ] && (cd y)', 'a] (b)']) {
      assert.equal(inert(text), text);
    }
    assert.equal(inert('plain text, no brackets'), 'plain text, no brackets');
    assert.equal(inert('[a](command:x)'), '[a] (command:x)');
  });
});
