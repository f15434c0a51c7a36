/**
 * The fast way to copy a tree-sitter tree (see syntax.ts for what the copy is and why it exists).
 *
 * web-tree-sitter keeps a tree cursor's state in a JS object and copies it into a transfer buffer in
 * WebAssembly memory before every call and back out after (`marshalTreeCursor`): six marshalled calls
 * per node, which cost as much as parsing the line. The C side reads and writes the cursor in that
 * buffer itself, so a loop that only moves and reads one cursor can leave the state there and call
 * the exported functions directly. This module does that, and nothing else.
 *
 * The functions are web-tree-sitter's internal Emscripten exports, not its public API. They are
 * looked up once, checked to exist, and the analyzer compares this copy with the public-API copy on a
 * sample line at start-up; if anything differs it uses the public copy (syntax.ts `copyTree`).
 * package.json pins web-tree-sitter to an exact version for that reason: an upgrade is a deliberate
 * change, and test/unit/engine/command/rawCopy.test.ts fails if the raw copy stops being used.
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';
import { kindsOf, SyntaxNode } from './syntax';

/** The exports used here, as Emscripten names them on the module object. */
export interface TreeSitterExports {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

const FUNCTIONS = [
  '_ts_init', '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm', '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm', '_ts_tree_cursor_start_index_wasm', '_ts_tree_cursor_end_index_wasm',
] as const;

export interface RawTreeCopier {
  copy(tree: Tree, source: string): SyntaxNode;
}

/** The copier over an initialised Emscripten module object, or undefined when it lacks what is needed. */
export function rawTreeCopier(module: unknown): RawTreeCopier | undefined {
  if (typeof module !== 'object' || module === null) return undefined;
  const exports = module as Partial<Record<string, unknown>>;
  if (!(exports.HEAP32 instanceof Int32Array)) return undefined;
  if (FUNCTIONS.some((name) => typeof exports[name] !== 'function')) return undefined;
  const wasm = module as TreeSitterExports;
  // ts_init only writes the two language-version words into the buffer and returns its address.
  const buffer = wasm._ts_init() >> 2;
  return { copy: (tree, source) => copyWithExports(wasm, buffer, tree, source) };
}

/** The cursor's four handle words, which web-tree-sitter keeps as indexed fields on the object. */
type CursorWords = TreeCursor & Record<0 | 1 | 2 | 3, number>;

function copyWithExports(wasm: TreeSitterExports, buffer: number, tree: Tree, source: string): SyntaxNode {
  const { types, isNamed } = kindsOf(tree);
  const fields = tree.language.fields;
  const treeAddress = (tree as unknown as Record<0, number>)[0];
  const cursor = tree.walk() as CursorWords;
  // The HEAP32 view is replaced when WebAssembly memory grows (the cursor's stack may grow): re-read it.
  const words = [cursor[0], cursor[1], cursor[2], cursor[3]];
  for (let i = 0; i < 4; i++) wasm.HEAP32[buffer + i] = words[i] as number;
  try {
    let nextId = 0;
    const node = (withField: boolean): SyntaxNode => {
      const typeId = wasm._ts_tree_cursor_current_node_type_id_wasm(treeAddress);
      const field = withField ? (fields[wasm._ts_tree_cursor_current_field_id_wasm(treeAddress)] ?? '') : '';
      return new SyntaxNode(nextId++, types(typeId), isNamed(typeId), wasm._ts_tree_cursor_start_index_wasm(treeAddress),
        wasm._ts_tree_cursor_end_index_wasm(treeAddress), field, source);
    };
    const root = node(false);
    const path: SyntaxNode[] = [root];
    for (;;) {
      if (wasm._ts_tree_cursor_goto_first_child_wasm(treeAddress) === 1) {
        const child = node(true);
        (path[path.length - 1] as SyntaxNode).addChild(child);
        path.push(child);
        continue;
      }
      for (;;) {
        path.pop();
        if (wasm._ts_tree_cursor_goto_next_sibling_wasm(treeAddress) === 1) {
          const sibling = node(true);
          (path[path.length - 1] as SyntaxNode).addChild(sibling);
          path.push(sibling);
          break;
        }
        if (wasm._ts_tree_cursor_goto_parent_wasm(treeAddress) !== 1) return root;
      }
    }
  } finally {
    // Hand the moved cursor back so its own delete() frees what the C side allocated.
    for (let i = 0; i < 4; i++) cursor[i as 0 | 1 | 2 | 3] = wasm.HEAP32[buffer + i] as number;
    cursor.delete();
  }
}

/** Whether two copies are the same tree: every node's kind, span and field, in the same shape. */
export function sameTree(a: SyntaxNode, b: SyntaxNode): boolean {
  const pending: [SyntaxNode, SyntaxNode][] = [[a, b]];
  for (let pair = pending.pop(); pair; pair = pending.pop()) {
    const [x, y] = pair;
    if (x.id !== y.id || x.type !== y.type || x.isNamed !== y.isNamed || x.startIndex !== y.startIndex ||
      x.endIndex !== y.endIndex || x.field !== y.field || x.children.length !== y.children.length) return false;
    x.children.forEach((child, i) => pending.push([child, y.children[i] as SyntaxNode]));
  }
  return true;
}
