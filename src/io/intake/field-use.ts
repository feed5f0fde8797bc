import type { UnreadField, UnreadFields, UnreadHint } from "./types.ts";

/** Unread names listed in a file's report; the rest are counted ("and N more"). */
export const MAX_LISTED_UNREAD = 50;
/** Distinct unread names counted per file: a file with a new key in every record cannot grow the report without bound. */
export const MAX_TRACKED_NAMES = 10_000;

/**
 * What a reader reads from a record's properties, stated as the reader reads it (the two must not drift:
 * the groups come from the same name lists, mapping/mapped-value.ts mappedNames).
 */
export interface FieldPlan {
  /** Domain fields read through alias lists: in each record the first name present is read, later ones are not. */
  groups: readonly { field: string; names: readonly string[] }[];
  /** Names read whenever present besides the groups (credits read `attribution` and `source`), as written. */
  always: readonly string[];
  /** A hint for an unread name that looks like something read under another name. */
  hint: (name: string) => UnreadHint | undefined;
}

/** Counts, per file, the records that carry a non-empty value in each property no reader reads. */
export interface FieldUse {
  /** Count one record's properties (GeoJSON and the other feature formats: names compared as written). */
  record(props: Record<string, unknown>): void;
  /** Count one CSV row, its cells aligned with the header that `roles` was built from (csvRoles). */
  row(cells: readonly string[], roles: CsvRoles): void;
  /** The file's unread fields, or undefined when every value was read. */
  result(): UnreadFields | undefined;
}

/** Per CSV column: the group index that reads it, READ (read otherwise), UNREAD, or a shadowed alias (SHADOWED − group). */
export type CsvRoles = Int32Array;
const READ = -1;
const UNREAD = -2;
const SHADOWED = -3;

const empty = (v: unknown) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");

export function createFieldUse(plan: FieldPlan): FieldUse {
  // each name's memberships, with the names before it in its group (it is read only when none of them is present)
  const member = new Map<string, { g: number; earlier: readonly string[] }[]>();
  plan.groups.forEach((grp, g) =>
    grp.names.forEach((n, pos) => {
      const m = { g, earlier: grp.names.slice(0, pos) };
      const list = member.get(n);
      if (list) list.push(m);
      else member.set(n, [m]);
    }),
  );
  const always = new Set(plan.always);
  const casualty = plan.groups.flatMap((grp, g) => (grp.field === "killed" || grp.field === "injured" ? [g] : []));
  const unread = new Map<string, number>();
  const shadowedBy = new Map<string, number>();
  let overflow = false;
  let casualtyRecords = 0;
  const miss = (name: string, shadow?: number) => {
    const n = unread.get(name);
    if (n !== undefined) unread.set(name, n + 1);
    else if (unread.size < MAX_TRACKED_NAMES) unread.set(name, 1);
    else overflow = true;
    if (shadow !== undefined && !shadowedBy.has(name) && unread.has(name)) shadowedBy.set(name, shadow);
  };
  return {
    record(props) {
      let counts = false;
      for (const key in props) {
        if (!Object.hasOwn(props, key) || empty(props[key])) continue;
        const of = member.get(key);
        if (of) {
          // read when no earlier alias of one of its groups is present (the readers' first-present-wins lookup)
          const by = of.find((m) => !m.earlier.some((n) => Object.hasOwn(props, n)));
          if (by) {
            if (casualty.includes(by.g)) counts = true;
            continue;
          }
          miss(key, of[0].g);
          continue;
        }
        if (!always.has(key)) miss(key);
      }
      if (counts) casualtyRecords++;
    },
    row(cells, roles) {
      let counts = false;
      for (let c = 0; c < roles.length; c++) {
        const role = roles[c];
        if (role === READ || empty(cells[c])) continue;
        if (role >= 0) {
          if (casualty.includes(role)) counts = true;
        } else miss(columnName(roles, c), role === UNREAD ? undefined : SHADOWED - role);
      }
      if (counts) casualtyRecords++;
    },
    result() {
      if (unread.size === 0) return undefined;
      const all: UnreadField[] = [...unread].map(([name, records]) => ({ name, records, hint: hintOf(name) }));
      all.sort((a, b) => b.records - a.records || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { listed: all.slice(0, MAX_LISTED_UNREAD), more: Math.max(0, all.length - MAX_LISTED_UNREAD), moreIsLowerBound: overflow, casualtyCountRecords: casualtyRecords };
    },
  };
  function hintOf(name: string): UnreadHint | null {
    const g = shadowedBy.get(name);
    if (g !== undefined) {
      const grp = plan.groups[g];
      const before = grp.names.slice(0, Math.max(0, grp.names.indexOf(name))).map((n) => `\`${n}\``);
      return { kind: "shadowed", message: `a name ${grp.field} is read from, but ${before.length ? `${before.join(" or ")} comes first and is read wherever present` : "an earlier column of the same name is read"}; remove or merge the duplicate` };
    }
    return plan.hint(name) ?? null;
  }
}

/** The header each CsvRoles array was built from (kept beside it, so row() can name a column). */
const HEADERS = new WeakMap<CsvRoles, readonly string[]>();
function columnName(roles: CsvRoles, c: number): string {
  return HEADERS.get(roles)?.[c] ?? `column ${c + 1}`;
}

/**
 * The role of each column of a CSV header under a plan, as the CSV reader looks names up: case-insensitive,
 * the first column of a name wins (read-csv.ts `get`); `alsoRead` are the columns read for positions.
 * `always` names are compared as written (the credits read `properties.attribution`).
 */
export function csvRoles(header: readonly string[], plan: FieldPlan, alsoRead: readonly (number | undefined)[]): CsvRoles {
  const lower = header.map((h) => h.toLowerCase());
  const roles = new Int32Array(header.length).fill(UNREAD);
  for (const c of alsoRead) if (c !== undefined) roles[c] = READ;
  header.forEach((h, c) => {
    if (plan.always.includes(h)) roles[c] = READ;
  });
  plan.groups.forEach((grp, g) => {
    let first = true;
    for (const n of grp.names) {
      const want = n.toLowerCase();
      for (let c = 0; c < lower.length; c++) {
        if (lower[c] !== want) continue;
        if (first && (roles[c] === UNREAD || roles[c] <= SHADOWED)) roles[c] = g; // the column `get` returns for this group
        else if (!first && roles[c] === UNREAD) roles[c] = SHADOWED - g;
        first = false;
      }
    }
  });
  HEADERS.set(roles, header);
  return roles;
}
