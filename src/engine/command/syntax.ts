/**
 * A plain JavaScript copy of a tree-sitter syntax tree, built in one cursor pass. web-tree-sitter's
 * `Node` API crosses into WebAssembly (and allocates) on every property read: `type`, `children`,
 * `text` (which copies the whole rest of the source), `childForFieldName`. The walker reads each node
 * many times, so copying the few facts it needs once is much cheaper than asking the tree each time.
 * The copy exposes the same subset of the `Node` API, so the walker reads the same tree either way.
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';

export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  private named: SyntaxNode[] | undefined;

  constructor(
    /** Unique within one tree; the walker compares nodes by id. */
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    /** UTF-16 offsets into the parsed source, as web-tree-sitter reports them for string input. */
    readonly startIndex: number,
    readonly endIndex: number,
    /** The field this node fills in its parent (`name`, `argument`, `redirect` ...), '' for none. */
    readonly field: string,
    private readonly source: string,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): SyntaxNode[] {
    this.named ??= this.children.filter((child) => child.isNamed);
    return this.named;
  }

  childForFieldName(name: string): SyntaxNode | null {
    for (const child of this.children) if (child.field === name) return child;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((child) => child.field === name);
  }
}

function nodeAtCursor(cursor: TreeCursor, id: number, source: string, hasParent: boolean): SyntaxNode {
  const field = hasParent ? (cursor.currentFieldName ?? '') : '';
  return new SyntaxNode(id, cursor.nodeType, cursor.nodeIsNamed, cursor.startIndex, cursor.endIndex, field, source);
}

/** Copies the whole tree, depth first, without recursion (a hostile line can nest very deeply). */
export function copyTree(tree: Tree, source: string): SyntaxNode {
  const cursor = tree.walk();
  try {
    let nextId = 0;
    const root = nodeAtCursor(cursor, nextId++, source, false);
    const path: SyntaxNode[] = [root];
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const child = nodeAtCursor(cursor, nextId++, source, true);
        (path[path.length - 1] as SyntaxNode).children.push(child);
        path.push(child);
        continue;
      }
      for (;;) {
        path.pop();
        if (cursor.gotoNextSibling()) {
          const sibling = nodeAtCursor(cursor, nextId++, source, true);
          (path[path.length - 1] as SyntaxNode).children.push(sibling);
          path.push(sibling);
          break;
        }
        if (!cursor.gotoParent()) return root;
      }
    }
  } finally {
    cursor.delete();
  }
}
