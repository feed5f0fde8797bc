/**
 * A record's attributes as one key for exact-duplicate tests: every property, sorted by name, except
 * those holding the record's own id (a row entered twice usually gets a new id, and is still the same
 * record). JSON keeps null apart from "null" and 1 apart from "1".
 */
export function attributesKey(properties: Record<string, unknown>, id: string): string {
  const keys = Object.keys(properties)
    .filter((k) => String(properties[k]) !== id)
    .sort();
  return JSON.stringify(keys.map((k) => [k, properties[k]]));
}
