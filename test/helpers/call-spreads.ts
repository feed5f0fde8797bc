/**
 * Finds spread arguments in calls (`f(...a)`, `Math.max(...a)`, `out.push(...a)`, `new X(...a)`) and
 * `Math.max.apply(`-style calls in TypeScript source. V8 passes every spread element as a separate argument on the
 * stack, so such a call throws "Maximum call stack size exceeded" somewhere past about 10⁵ elements
 * (Colombia's density layer crashed so in write-outputs). Spreads inside array and object literals
 * (`[...a]`, `{...o}`) iterate instead and are not reported, nor are rest parameters (`...args: T[]`)
 * and spreads of an array literal written in place (`f(...[a, b])`, fixed and small).
 *
 * A small lexer, not a parser: comments and string/template text are skipped (code inside `${}` is
 * scanned), and a bracket stack tells which bracket a `...` sits in.
 */
export interface CallSpread {
  line: number;
  text: string;
}

export function findCallSpreads(source: string): CallSpread[] {
  const found: CallSpread[] = [];
  const stack: string[] = []; // open brackets; "`" marks a template literal, "${" its code parts
  const lineAt = (i: number) => source.slice(0, i).split("\n").length;
  const lineText = (i: number) => source.slice(source.lastIndexOf("\n", i) + 1, source.indexOf("\n", i) < 0 ? undefined : source.indexOf("\n", i)).trim();
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const top = stack[stack.length - 1];
    if (top === "`") {
      if (c === "\\") i += 2;
      else if (c === "`") (stack.pop(), i++);
      else if (c === "$" && source[i + 1] === "{") (stack.push("${"), (i += 2));
      else i++;
      continue;
    }
    if (c === "/" && source[i + 1] === "/") i = nextLine(source, i);
    else if (c === "/" && source[i + 1] === "*") i = source.indexOf("*/", i + 2) + 2;
    else if (c === '"' || c === "'") i = stringEnd(source, i, c);
    else if (c === "/" && regexCanStart(source, i)) i = regexEnd(source, i);
    else if (c === "`") (stack.push("`"), i++);
    else if (c === "(" || c === "[" || c === "{") (stack.push(c), i++);
    else if (c === ")" || c === "]" || c === "}") (stack.pop(), i++);
    else if (c === "." && source.startsWith("...", i)) {
      const rest = source.slice(i + 3);
      const restParameter = /^\s*[A-Za-z_$][\w$]*\s*[:?]/.test(rest) || /^\s*[A-Za-z_$][\w$]*\s*\)\s*(=>|\{|:)/.test(rest);
      const literal = /^\s*\[/.test(rest);
      if (top === "(" && !restParameter && !literal) found.push({ line: lineAt(i), text: lineText(i) });
      i += 3;
    } else if (c === "." && /^\.(max|min|push|unshift|splice|fromCharCode|fromCodePoint)\.apply\(/.test(source.slice(i, i + 24))) (found.push({ line: lineAt(i), text: lineText(i) }), i++);
    else i++;
  }
  return found;
}

function nextLine(s: string, i: number): number {
  const n = s.indexOf("\n", i);
  return n < 0 ? s.length : n;
}

function stringEnd(s: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < s.length && s[j] !== quote && s[j] !== "\n") j += s[j] === "\\" ? 2 : 1;
  return j + 1;
}

/** A `/` starts a regular expression after an operator or opening bracket, not after a value. */
function regexCanStart(s: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && /\s/.test(s[j])) j--;
  if (j < 0) return true;
  if (/[(,=:[!&|?{};+\-*%<>~^]/.test(s[j])) return true;
  return /\b(return|typeof|case|in|of)$/.test(s.slice(Math.max(0, j - 6), j + 1));
}

function regexEnd(s: string, i: number): number {
  let j = i + 1;
  let inClass = false;
  while (j < s.length && s[j] !== "\n") {
    if (s[j] === "\\") j += 2;
    else if (s[j] === "[") (inClass = true, j++);
    else if (s[j] === "]") (inClass = false, j++);
    else if (s[j] === "/" && !inClass) return j + 1;
    else j++;
  }
  return j;
}
