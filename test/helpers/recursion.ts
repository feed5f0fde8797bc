import { parseSync } from "oxc-parser";

/**
 * The functions of a TypeScript source that call themselves, directly or through other functions of the
 * same file: `name` for each such function. Parsed with oxc-parser (ESTree). A function is named by its
 * declaration, the variable an arrow or function expression is assigned to, or its own name; calls inside
 * an anonymous callback count for the named function around it (`items.forEach((x) => walk(x))` inside
 * `walk` is recursion), and so does passing the function as a value (`items.map(walk)`). Functions are
 * told apart by name within a file, so two inner functions of the same name are taken as one.
 *
 * Cycles across files need an import cycle, which test/architecture.test.ts forbids, so one file is the
 * whole search. Not found: recursion through methods (`this.f()`), through objects or through callbacks
 * stored and called later.
 */
export function recursiveFunctions(file: string, source: string): string[] {
  const { program, errors } = parseSync(file, source);
  if (errors.length > 0) throw new Error(`${file}: ${errors[0].message}`);
  const calls = new Map<string, Set<string>>(); // function name → names it calls or passes
  const defined = new Set<string>();
  const stack: Array<{ node: unknown; owner: string | undefined }> = [{ node: program, owner: undefined }];
  while (stack.length > 0) {
    const { node, owner } = stack.pop() as { node: unknown; owner: string | undefined };
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (const child of node) stack.push({ node: child, owner });
      continue;
    }
    const n = node as Record<string, unknown> & { type?: string };
    let inner = owner;
    const name = functionName(n);
    if (name !== undefined) {
      defined.add(name);
      inner = name;
    }
    if (n.type === "VariableDeclarator" && isFunction(n.init) && (n.id as { name?: string }).name !== undefined) defined.add((n.id as { name: string }).name);
    if (n.type === "CallExpression" && owner !== undefined) {
      const callee = n.callee as { type: string; name?: string };
      const targets = [callee, ...(n.arguments as { type: string; name?: string }[])];
      for (const t of targets) if (t.type === "Identifier" && t.name !== undefined) add(calls, owner, t.name);
    }
    for (const [k, child] of Object.entries(n)) {
      if (k === "type" || k === "start" || k === "end" || k === "range" || k === "loc") continue;
      // a function assigned to a variable is owned by that name from its declarator down
      const childOwner = n.type === "VariableDeclarator" && k === "init" && isFunction(child) ? ((n.id as { name?: string }).name ?? inner) : inner;
      stack.push({ node: child, owner: childOwner });
    }
  }
  const recursive: string[] = [];
  for (const f of defined) {
    const seen = new Set<string>();
    const queue = [...(calls.get(f) ?? [])].filter((g) => defined.has(g));
    while (queue.length > 0) {
      const g = queue.pop() as string;
      if (g === f) {
        recursive.push(f);
        break;
      }
      if (seen.has(g)) continue;
      seen.add(g);
      for (const h of calls.get(g) ?? []) if (defined.has(h)) queue.push(h);
    }
  }
  return recursive.sort();
}

const isFunction = (v: unknown) => typeof v === "object" && v !== null && ["ArrowFunctionExpression", "FunctionExpression"].includes((v as { type?: string }).type ?? "");

function functionName(n: Record<string, unknown> & { type?: string }): string | undefined {
  if ((n.type === "FunctionDeclaration" || n.type === "FunctionExpression") && n.id) return (n.id as { name: string }).name;
  return undefined;
}

function add(calls: Map<string, Set<string>>, from: string, to: string): void {
  let s = calls.get(from);
  if (s === undefined) calls.set(from, (s = new Set()));
  s.add(to);
}
