/** The toolkit version stamped into every result's meta; kept equal to package.json by a test. */
export const VERSION = "0.1.0";
