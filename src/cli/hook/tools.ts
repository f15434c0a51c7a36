/**
 * Maps an agent's tool call (name + input) to the operations Agent Guard governs. Tool names differ per
 * agent (Claude `Bash`, Gemini `run_shell_command`, VS Code `run_in_terminal`, Codex `apply_patch`...),
 * so the table is shared and the input fields are looked up by their known spellings. A tool that is
 * not about commands or files yields no operations: the hook then leaves it to the agent's own prompts.
 * A governed tool whose input cannot be understood is an error, which the hook turns into a denial.
 */
import * as path from 'node:path';
import type { BridgeOperation } from '../../protocol/bridge';

export type ToolMapping = { ok: true; operations: BridgeOperation[] } | { ok: false; reason: string };

const COMMAND_TOOLS = new Set(['bash', 'shell', 'run_shell_command', 'run_in_terminal', 'runinterminal', 'exec_command', 'local_shell', 'powershell', 'container.exec']);
const PATCH_TOOLS = new Set(['apply_patch', 'applypatch']);
const READ_TOOLS = new Set(['read', 'read_file', 'readfile', 'view', 'read_many_files', 'glob', 'grep', 'ls', 'list_directory', 'list_dir', 'search', 'file_search', 'grep_search', 'search_file_content', 'notebookread']);
const WRITE_TOOLS = new Set(['write', 'write_file', 'edit', 'multiedit', 'notebookedit', 'replace', 'str_replace', 'replace_string_in_file', 'multi_replace_string_in_file', 'insert_edit_into_file', 'editfiles', 'edit_file', 'edit_notebook_file']);
const CREATE_TOOLS = new Set(['create', 'create_file', 'createfile', 'new_file']);
const DELETE_TOOLS = new Set(['delete', 'delete_file', 'remove_file']);

const PATH_FIELDS = ['file_path', 'filePath', 'notebook_path', 'absolute_path', 'path', 'dir_path', 'directory'];
const PATH_LIST_FIELDS = ['files', 'paths', 'file_paths', 'filePaths'];

export function mapToolCall(toolName: string, input: unknown, cwd: string): ToolMapping {
  const name = toolName.toLowerCase();
  const fields = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
  if (COMMAND_TOOLS.has(name)) return commandOperation(fields, cwd);
  if (PATCH_TOOLS.has(name)) return patchOperations(fields, cwd);
  const kind = READ_TOOLS.has(name) ? 'read' : WRITE_TOOLS.has(name) ? 'write' : CREATE_TOOLS.has(name) ? 'create' : DELETE_TOOLS.has(name) ? 'delete' : undefined;
  if (!kind) return { ok: true, operations: [] };
  const paths = pathsOf(fields);
  // Search tools without a path search the working directory.
  if (paths.length === 0 && kind === 'read' && fields) paths.push('.');
  if (paths.length === 0) return { ok: false, reason: `could not find which file the ${toolName} tool would touch` };
  return { ok: true, operations: paths.map((p) => ({ kind, path: path.resolve(cwd, p) })) };
}

function commandOperation(fields: Record<string, unknown> | undefined, cwd: string): ToolMapping {
  const raw = fields?.command ?? fields?.cmd;
  const command = Array.isArray(raw) && raw.every((part) => typeof part === 'string') ? raw.join(' ') : raw;
  if (typeof command !== 'string' || command.trim() === '') return { ok: false, reason: 'the command to run is missing from the tool input' };
  const dir = [fields?.dir_path, fields?.cwd, fields?.workdir].find((d): d is string => typeof d === 'string' && d !== '');
  return { ok: true, operations: [{ kind: 'command', command, cwd: dir ? path.resolve(cwd, dir) : cwd }] };
}

function pathsOf(fields: Record<string, unknown> | undefined): string[] {
  if (!fields) return [];
  for (const field of PATH_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' && value !== '') return [value];
  }
  for (const field of PATH_LIST_FIELDS) {
    const value = fields[field];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  }
  return [];
}

/** `apply_patch` carries a patch; every file it adds, updates, deletes or moves to is an operation. */
function patchOperations(fields: Record<string, unknown> | undefined, cwd: string): ToolMapping {
  const patch = [fields?.command, fields?.input, fields?.patch].find((p): p is string => typeof p === 'string');
  if (!patch) return { ok: false, reason: 'the patch is missing from the apply_patch input' };
  const operations: BridgeOperation[] = [];
  const kinds: Record<string, BridgeOperation['kind']> = { Add: 'create', Update: 'write', Delete: 'delete' };
  for (const line of patch.split('\n')) {
    const file = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line.trim());
    const move = /^\*\*\* Move to: (.+)$/.exec(line.trim());
    if (file?.[1] && file[2]) operations.push({ kind: kinds[file[1]] as 'create' | 'write' | 'delete', path: path.resolve(cwd, file[2].trim()) });
    if (move?.[1]) operations.push({ kind: 'create', path: path.resolve(cwd, move[1].trim()) });
  }
  if (operations.length === 0) return { ok: false, reason: 'the patch names no files Agent Guard can check' };
  return { ok: true, operations };
}
