/**
 * A plain JavaScript copy of a tree-sitter syntax tree, built in one cursor pass. web-tree-sitter's
 * `Node` API crosses into WebAssembly (and allocates) on every property read: `type`, `children`,
 * `text` (which copies the whole rest of the source), `childForFieldName`. The walker reads each node
 * many times, so copying the few facts it needs once is much cheaper than asking the tree each time.
 * The copy exposes the same subset of the `Node` API, so the walker reads the same tree either way.
 */
import type { Language, Tree, TreeCursor } from 'web-tree-sitter';

/** Shared by every leaf (about half the nodes); frozen, so a stray write fails instead of spreading. */
const NO_CHILDREN = Object.freeze([]) as unknown as SyntaxNode[];

export class SyntaxNode {
  children: SyntaxNode[] = NO_CHILDREN;
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

  private sourceText: string | undefined;

  /** The walker reads a node's text several times (word resolution, messages); slice it once. */
  get text(): string {
    this.sourceText ??= this.source.slice(this.startIndex, this.endIndex);
    return this.sourceText;
  }

  get namedChildren(): SyntaxNode[] {
    this.named ??= this.children === NO_CHILDREN ? NO_CHILDREN : this.children.filter((child) => child.isNamed);
    return this.named;
  }

  /** Used while copying the tree only. */
  addChild(child: SyntaxNode): void {
    if (this.children === NO_CHILDREN) this.children = [];
    this.children.push(child);
  }

  childForFieldName(name: string): SyntaxNode | null {
    for (const child of this.children) if (child.field === name) return child;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((child) => child.field === name);
  }
}

interface NodeKind { type: string; isNamed: boolean }

/**
 * Type name and namedness by type id, per grammar. tree-sitter derives both from the (aliased) symbol
 * alone, so the first node of each type answers for all later ones and saves two calls per node.
 */
const kindsByLanguage = new WeakMap<object, NodeKind[]>();

function nodeAtCursor(cursor: TreeCursor, kinds: NodeKind[], id: number, source: string, hasParent: boolean): SyntaxNode {
  const typeId = cursor.nodeTypeId;
  const kind = (kinds[typeId] ??= { type: cursor.nodeType, isNamed: cursor.nodeIsNamed });
  const field = hasParent ? (cursor.currentFieldName ?? '') : '';
  return new SyntaxNode(id, kind.type, kind.isNamed, cursor.startIndex, cursor.endIndex, field, source);
}

/** Type name and namedness by type id from the grammar's tables, for rawCopy.ts (no cursor needed). */
export interface KindTable {
  types(typeId: number): string;
  isNamed(typeId: number): boolean;
}

const tablesByLanguage = new WeakMap<object, KindTable>();

export function kindsOf(tree: Tree): KindTable {
  const language: Language = tree.language;
  let table = tablesByLanguage.get(language);
  if (!table) {
    const names: string[] = [];
    const named: boolean[] = [];
    table = {
      // tree-sitter's own rule, as TreeCursor.nodeType applies it: an id without a name is an ERROR node.
      types: (typeId) => (names[typeId] ??= language.types[typeId] || 'ERROR'),
      isNamed: (typeId) => (named[typeId] ??= language.nodeTypeIsNamed(typeId)),
    };
    tablesByLanguage.set(language, table);
  }
  return table;
}

/**
 * Copies the whole tree through web-tree-sitter's public cursor API, depth first, without recursion
 * (a hostile line can nest very deeply). rawCopy.ts does the same several times faster and is
 * checked against this one.
 */
export function copyTree(tree: Tree, source: string): SyntaxNode {
  let kinds = kindsByLanguage.get(tree.language);
  if (!kinds) kindsByLanguage.set(tree.language, (kinds = []));
  const cursor = tree.walk();
  try {
    let nextId = 0;
    const root = nodeAtCursor(cursor, kinds, nextId++, source, false);
    const path: SyntaxNode[] = [root];
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const child = nodeAtCursor(cursor, kinds, nextId++, source, true);
        (path[path.length - 1] as SyntaxNode).addChild(child);
        path.push(child);
        continue;
      }
      for (;;) {
        path.pop();
        if (cursor.gotoNextSibling()) {
          const sibling = nodeAtCursor(cursor, kinds, nextId++, source, true);
          (path[path.length - 1] as SyntaxNode).addChild(sibling);
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
