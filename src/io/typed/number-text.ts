/**
 * A number's JavaScript text (`String(x)`, ECMA-262 Number::toString) written as ASCII bytes straight
 * into a buffer, for the CSV tables of typed layers: 864k lixels × 20 number columns made `String(x)`
 * and the strings it allocates most of the lixel table's time (≈ 8 CPU-s at gen.mjs M). Written by hand
 * because no library writes number text into bytes; the text is the same (test/io/number-text.test.ts
 * compares it with String(x) on millions of seeded values of every kind and on the edge cases).
 *
 * Number::toString writes the shortest decimal s × 10^(n−k) (k digits) whose Number value is x, so for
 * the layers' rounded values (3 decimals, or 6 significant digits) the digits are found by trying
 * k = 1, 2, … : m = round(|x| · 10^q) for the k-digit scale q, accepted when m / 10^q (one correctly
 * rounded operation on exact operands, i.e. the Number value of the decimal) is x. For k ≤ 15 at most one
 * k-digit decimal has a given Number value, and when one does, |x| · 10^q lies so close to m that
 * rounding cannot miss it, so the first k accepted is the shortest and its digits are the ones. Values
 * needing more than 15 digits, and magnitudes whose 10^q is not exact, are written from String(x) itself.
 *
 * Acceptance is monotone in k: if a k-digit decimal has x's Number value, so has the same decimal padded
 * with zeros to any k′ ≤ 15 digits, and rounding finds it there too. So one trial at FIRST_DIGITS settles
 * every value of up to that many digits at once (the layers' values: lengths and chainages of ≤ 7 digits,
 * rates of 6), and writeDecimal's dropping of trailing zeros gives the shortest digits, the same text as
 * trying k = 1, 2, …; a value it does not settle needs more digits, and the trials go on from there.
 */
const POW10: Float64Array = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_DIGITS = 15;
/** Digits of the first trial: ≥ those of the values tables hold most (3 decimals or 6 significant digits). */
const FIRST_DIGITS = 7;
const digits = new Uint8Array(24);

/** Write x's text at `at` in `out` (room for 32 bytes needed); returns the new end. NaN, ±Infinity as String writes them. */
export function writeNumberText(out: Uint8Array, at: number, x: number): number {
  if (x === 0) {
    out[at] = 48; // "0" (-0 too, as String(-0) writes it)
    return at + 1;
  }
  if (x !== x || x === Infinity || x === -Infinity) return writeAscii(out, at, String(x));
  let a = x;
  if (x < 0) {
    out[at++] = 45; // "-"
    a = -x;
  }
  if (a < 9007199254740992 && Math.floor(a) === a) return writeInteger(out, at, a);
  // three decimals (lengths, chainages, distances): accepted only when m / 1000 is exactly x's value, so
  // the text is the shortest digits of that decimal, as below, without finding the exponent first
  const m3 = Math.round(a * 1000);
  if (m3 < 2147483648 && m3 / 1000 === a) return writeDecimal(out, at, m3, 3);
  // e: the decimal exponent of a, settled exactly against the powers of ten
  let e = Math.floor(Math.log10(a));
  if (e < -22 || e > 21) return writeAscii(out, at, String(a));
  if (e >= 0 ? a < POW10[e] : a * POW10[-e] < 1) e--;
  else if (e + 1 <= 22 && (e + 1 >= 0 ? a >= POW10[e + 1] : a * POW10[-(e + 1)] >= 1)) e++;
  let k = 1;
  const q7 = FIRST_DIGITS - 1 - e;
  if (q7 <= 22 && q7 >= -22) {
    const m = Math.round(q7 >= 0 ? a * POW10[q7] : a / POW10[-q7]);
    if ((q7 >= 0 ? m / POW10[q7] : m * POW10[-q7]) === a) return writeDecimal(out, at, m, q7);
    k = FIRST_DIGITS + 1; // no decimal of ≤ FIRST_DIGITS digits has x's value
  }
  for (; k <= MAX_DIGITS; k++) {
    const q = k - 1 - e; // a ≈ m · 10^−q with m of k digits
    if (q > 22 || q < -22) break;
    const m = Math.round(q >= 0 ? a * POW10[q] : a / POW10[-q]);
    if (m >= 1e15) break; // past 15 digits two decimals may share a Number value: String(x) decides
    if ((q >= 0 ? m / POW10[q] : m * POW10[-q]) !== a) continue;
    return writeDecimal(out, at, m, q);
  }
  return writeAscii(out, at, String(a));
}

/** The integer m · 10^−q (m > 0) in Number::toString's layout. */
function writeDecimal(out: Uint8Array, at: number, mIn: number, qIn: number): number {
  let m = mIn;
  let q = qIn;
  let k = 0;
  if (m < 2147483648) {
    // 32-bit integer arithmetic (most values): the same digits, without floating-point remainders
    let n = m | 0;
    while (n % 10 === 0) {
      n = (n / 10) | 0;
      q--;
    }
    for (; n > 0; k++) {
      const r = (n / 10) | 0;
      digits[23 - k] = 48 + n - 10 * r;
      n = r;
    }
  } else {
    while (m % 10 === 0) {
      m /= 10;
      q--;
    }
    for (; m > 0; k++) {
      const d = m % 10;
      digits[23 - k] = 48 + d;
      m = (m - d) / 10;
    }
  }
  const s = 24 - k; // digits[s .. 24) are the k digits
  const n = k - q; // the value is 0.d₁…d_k × 10^n
  if (k <= n && n <= 21) {
    for (let i = s; i < 24; i++) out[at++] = digits[i];
    for (let i = k; i < n; i++) out[at++] = 48;
  } else if (0 < n && n <= 21) {
    for (let i = 0; i < k; i++) {
      if (i === n) out[at++] = 46; // "."
      out[at++] = digits[s + i];
    }
  } else if (-6 < n && n <= 0) {
    out[at++] = 48;
    out[at++] = 46;
    for (let i = n; i < 0; i++) out[at++] = 48;
    for (let i = s; i < 24; i++) out[at++] = digits[i];
  } else {
    out[at++] = digits[s];
    if (k > 1) {
      out[at++] = 46;
      for (let i = s + 1; i < 24; i++) out[at++] = digits[i];
    }
    out[at++] = 101; // "e"
    out[at++] = n - 1 >= 0 ? 43 : 45;
    at = writeInteger(out, at, Math.abs(n - 1));
  }
  return at;
}

/** A whole number 0 < a < 2^53: its digits (String writes no exponent below 10^21). */
function writeInteger(out: Uint8Array, at: number, aIn: number): number {
  let a = aIn;
  let k = 0;
  if (a < 2147483648) {
    let n = a | 0; // 32-bit integer arithmetic: the same digits, without floating-point remainders
    do {
      const r = (n / 10) | 0;
      digits[23 - k++] = 48 + n - 10 * r;
      n = r;
    } while (n > 0);
  } else {
    do {
      const d = a % 10;
      digits[23 - k++] = 48 + d;
      a = (a - d) / 10;
    } while (a > 0);
  }
  for (let i = 24 - k; i < 24; i++) out[at++] = digits[i];
  return at;
}

function writeAscii(out: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  return at;
}
