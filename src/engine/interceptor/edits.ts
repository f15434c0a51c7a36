/**
 * Applies an agent's targeted replacements to a file's text. Each `oldText` must occur exactly once,
 * so an edit never lands somewhere the agent did not mean; otherwise nothing is applied.
 */
export type EditResult = { ok: true; text: string } | { ok: false; reason: string };

export function applyEdits(text: string, edits: readonly { oldText: string; newText: string }[], displayPath: string): EditResult {
  let current = text;
  for (const [index, edit] of edits.entries()) {
    const first = current.indexOf(edit.oldText);
    if (first === -1) return { ok: false, reason: `edit ${index + 1} not applied: the text to replace was not found in ${displayPath}` };
    if (current.indexOf(edit.oldText, first + 1) !== -1) return { ok: false, reason: `edit ${index + 1} not applied: the text to replace occurs more than once in ${displayPath}` };
    current = current.slice(0, first) + edit.newText + current.slice(first + edit.oldText.length);
  }
  return { ok: true, text: current };
}
