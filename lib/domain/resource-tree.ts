// Argo CD's flat resource list → a tree by parent references (roots first, children sorted by
// kind then name). Pure; nodes whose parent is not in the list become roots.

export interface TreeInput {
  uid: string;
  kind: string;
  name: string;
  parentUids: string[];
}

export interface TreeNode<T extends TreeInput> {
  node: T;
  children: TreeNode<T>[];
}

const KIND_ORDER = ["Deployment", "StatefulSet", "DaemonSet", "Service", "Ingress", "ReplicaSet", "Pod"];
const rank = (k: string) => {
  const i = KIND_ORDER.indexOf(k);
  return i < 0 ? KIND_ORDER.length : i;
};
const compare = (a: TreeInput, b: TreeInput) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name);

export function buildResourceTree<T extends TreeInput>(nodes: T[]): TreeNode<T>[] {
  const byUid = new Map(nodes.map((n) => [n.uid, { node: n, children: [] as TreeNode<T>[] }]));
  const roots: TreeNode<T>[] = [];
  for (const entry of byUid.values()) {
    const parent = entry.node.parentUids.map((p) => byUid.get(p)).find(Boolean);
    if (parent && parent !== entry) parent.children.push(entry);
    else roots.push(entry);
  }
  const sort = (list: TreeNode<T>[]) => {
    list.sort((a, b) => compare(a.node, b.node));
    for (const e of list) sort(e.children);
    return list;
  };
  return sort(roots);
}
