/**
 * VS Code renders `[label](command:…)`, `(https://…)` and `(file:…)` links inside notification messages
 * and opens them with command URIs allowed. A command line, file name, terminal name or agent name is
 * chosen by whoever we are guarding, so such text must never become a link in our own notifications: a
 * crafted `[Approve once](command:workbench.action.terminal.sendSequence?…)` would be one click away from
 * running anything. Breaking `](` with a visible space keeps the text readable and honest.
 */
export function inert(text: string): string {
  return text.replace(/\](?=\()/g, '] ');
}
