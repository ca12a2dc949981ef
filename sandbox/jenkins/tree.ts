// Jenkins' `?tree=` filter: `a,b[c,d]{0,20}` keeps only the named fields, with optional ranges on
// arrays, exactly how the remote API trims its @Exported beans.

interface Node {
  name: string;
  children?: Node[];
  range?: [number, number | undefined];
}

export function parseTree(spec: string): Node[] {
  let i = 0;
  const list = (): Node[] => {
    const out: Node[] = [];
    while (i < spec.length) {
      let name = "";
      while (i < spec.length && !",[]{}".includes(spec[i]!)) name += spec[i++];
      const node: Node = { name: name.trim() };
      if (spec[i] === "[") {
        i++;
        node.children = list();
        i++; // ]
      }
      if (spec[i] === "{") {
        let r = "";
        i++;
        while (i < spec.length && spec[i] !== "}") r += spec[i++];
        i++;
        const [a, b] = r.split(",");
        node.range = b === undefined ? [Number(a), Number(a) + 1] : [a ? Number(a) : 0, b ? Number(b) : undefined];
      }
      if (node.name) out.push(node);
      if (spec[i] === ",") i++;
      else break;
    }
    return out;
  };
  return list();
}

export function applyTree(value: unknown, nodes: Node[]): unknown {
  if (Array.isArray(value)) return value.map((v) => applyTree(v, nodes));
  if (!value || typeof value !== "object") return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if ("_class" in src) out._class = src._class;
  for (const n of nodes) {
    if (!(n.name in src)) continue;
    let v = src[n.name];
    if (Array.isArray(v) && n.range) v = v.slice(n.range[0], n.range[1]);
    out[n.name] = n.children ? applyTree(v, n.children) : v;
  }
  return out;
}
