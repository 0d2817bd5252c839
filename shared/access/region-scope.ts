// Region scopes as data (地区权限范围): a region scope is the set of division codes made of the
// region and its descendants in the division table — never a string prefix. (A prefix made by
// stripping trailing zeros let 齐都镇 370305100 cover 皇城镇 370305101 and 敬仲镇 370305102.)
// Codes below the table (village-level 村/社区 codes, or a township the table does not list)
// belong to their structural parent: village → township → county → city.

import { structuralParent } from '../region-code.js';

export interface DivisionNode {
  readonly code: string; // 12 digits
  readonly parent: string | null; // 12 digits, null for the top
}

export interface RegionScope {
  readonly root: string;
  /** The root and every descendant in the division table. */
  readonly codes: ReadonlySet<string>;
}

/** Parents by code, built once per table. */
const parentsCache = new WeakMap<readonly DivisionNode[], Map<string, string | null>>();
function parents(table: readonly DivisionNode[]): Map<string, string | null> {
  let m = parentsCache.get(table);
  if (!m) {
    m = new Map(table.map((n) => [n.code, n.parent]));
    parentsCache.set(table, m);
  }
  return m;
}

/** The set of codes a region scope covers: the root and its descendants in the table. */
export function regionScope(root: string, table: readonly DivisionNode[]): RegionScope {
  const children = new Map<string, string[]>();
  for (const n of table) if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n.code]);
  const codes = new Set<string>([root]);
  const todo = [root];
  while (todo.length)
    for (const c of children.get(todo.pop()!) ?? [])
      if (!codes.has(c)) {
        codes.add(c);
        todo.push(c);
      }
  return { root, codes };
}

/** The code and its ancestors, nearest first (table parents where the table knows the code). */
export function ancestry(code: string, table: readonly DivisionNode[]): string[] {
  const p = parents(table);
  const out: string[] = [];
  let c: string | null = code;
  while (c && out.length < 8 && !out.includes(c)) {
    out.push(c);
    c = p.has(c) ? p.get(c)! : structuralParent(c);
  }
  return out;
}

/** Whether `code` lies in the region `root` (the root itself or below it). */
export function regionContains(root: string, code: string | undefined, table: readonly DivisionNode[]): boolean {
  if (!code) return false;
  return ancestry(code, table).includes(root);
}
