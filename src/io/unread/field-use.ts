import type { UnreadField, UnreadFields, UnreadHint } from "../intake/types.ts";

/** Unread names listed in a file's report; the rest are counted ("and N more"). */
export const MAX_LISTED_UNREAD = 50;
/** Distinct unread names counted per file: a file with a new key in every record cannot grow the report without bound. */
export const MAX_TRACKED_NAMES = 10_000;

/**
 * What a reader reads from a record's properties, stated as the reader reads it (the two must not drift:
 * the groups come from the same name lists, mapping/mapped-value.ts mappedNames).
 */
export interface FieldPlan {
  /**
   * Domain fields read through alias lists: in each record the first name present is read, later ones are
   * not; with `firstUsable`, the first whose value is usable (non-blank text or a finite number: the road
   * attributes' stringProp), so a later alias is read when every earlier one is blank or unusable.
   */
  groups: readonly { field: string; names: readonly string[]; firstUsable?: boolean }[];
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

/** What stringProp (json/validate-geojson.ts) takes: non-blank text or a finite number. */
const isUsable = (v: unknown) => (typeof v === "string" && v.trim() !== "") || (typeof v === "number" && Number.isFinite(v));
const empty = (v: unknown) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");

/**
 * What one property name is to the plan, and its unread count: one Map lookup per property of every record
 * (the count runs on all of them: loops, not closures, ≈ 0.3–0.5 µs a record at 1M records).
 */
interface Slot {
  /** The group the name heads (read whenever present), or −1. */
  first: number;
  /** Groups where the name comes later, with the names before it: read only when none of them is present. */
  later: { g: number; earlier: readonly string[]; usable: boolean }[];
  /** Read whenever present, outside the groups (credits). */
  always: boolean;
  /** Records where a non-empty value of it went unread; the group that shadowed it (−1: not an alias). */
  unread: number;
  shadow: number;
}

export function createFieldUse(plan: FieldPlan): FieldUse {
  const slots = new Map<string, Slot>();
  const slot = (n: string): Slot => {
    let m = slots.get(n);
    if (!m) slots.set(n, (m = { first: -1, later: [], always: false, unread: 0, shadow: -1 }));
    return m;
  };
  plan.groups.forEach((grp, g) =>
    grp.names.forEach((n, pos) => {
      const m = slot(n);
      if (pos === 0 && m.first < 0) m.first = g;
      else if (pos > 0) m.later.push({ g, earlier: grp.names.slice(0, pos), usable: grp.firstUsable === true });
    }),
  );
  for (const n of plan.always) slot(n).always = true;
  const known = slots.size;
  const killedGroup = plan.groups.findIndex((grp) => grp.field === "killed");
  const injuredGroup = plan.groups.findIndex((grp) => grp.field === "injured");
  let overflow = false;
  let casualtyRecords = 0;
  const readBy = (props: Record<string, unknown>, m: Slot): number => {
    if (m.first >= 0) return m.first;
    for (const { g, earlier, usable } of m.later) {
      let shadowed = false;
      for (const n of earlier) if (usable ? isUsable(props[n]) : Object.hasOwn(props, n)) shadowed = true;
      if (!shadowed) return g;
    }
    return -1;
  };
  /** Count an unread value of `name` (shadowed by group `shadow`, or −1). */
  const miss = (name: string, m: Slot | undefined, shadow: number) => {
    if (m === undefined) {
      if (slots.size - known >= MAX_TRACKED_NAMES) {
        overflow = true;
        return;
      }
      m = slot(name);
    }
    if (m.unread++ === 0) m.shadow = shadow;
  };
  return {
    record(props) {
      let counts = false;
      for (const key in props) {
        if (!Object.hasOwn(props, key) || empty(props[key])) continue;
        const m = slots.get(key);
        if (m !== undefined && (m.first >= 0 || m.later.length > 0)) {
          const g = readBy(props, m);
          if (g < 0) miss(key, m, m.later[0].g);
          else if (g === killedGroup || g === injuredGroup) counts = true;
        } else if (m === undefined || !m.always) miss(key, m, -1);
      }
      if (counts) casualtyRecords++;
    },
    row(cells, roles) {
      let counts = false;
      for (let c = 0; c < roles.length; c++) {
        const role = roles[c];
        if (role === READ || empty(cells[c])) continue;
        if (role >= 0) {
          if (role === killedGroup || role === injuredGroup) counts = true;
        } else {
          const name = columnName(roles, c);
          miss(name, slots.get(name), role === UNREAD ? -1 : SHADOWED - role);
        }
      }
      if (counts) casualtyRecords++;
    },
    result() {
      const all: UnreadField[] = [];
      for (const [name, m] of slots) if (m.unread > 0) all.push({ name, records: m.unread, hint: hintOf(name, m.shadow) });
      if (all.length === 0 && !overflow) return undefined;
      all.sort((a, b) => b.records - a.records || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { listed: all.slice(0, MAX_LISTED_UNREAD), more: Math.max(0, all.length - MAX_LISTED_UNREAD), moreIsLowerBound: overflow, casualtyCountRecords: casualtyRecords };
    },
  };
  function hintOf(name: string, g: number): UnreadHint | null {
    if (g >= 0) {
      const grp = plan.groups[g];
      const before = grp.names.slice(0, Math.max(0, grp.names.indexOf(name))).map((n) => `\`${n}\``);
      return { kind: "shadowed", message: `a name ${grp.field} is read from, but ${before.length ? `${before.join(" or ")} comes first and is read wherever it ${grp.firstUsable ? "has a value" : "is present"}` : "an earlier column of the same name is read"}; remove or merge the duplicate` };
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
