import { expect } from "vitest";
import { OptionError } from "../../src/core/errors.ts";

/** The message of the OptionError `fn` throws; fails the test if it throws anything else or nothing. */
export function optionErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionError);
    return (e as Error).message;
  }
  throw new Error("no error thrown");
}
