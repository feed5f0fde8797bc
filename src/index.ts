// Public entry: re-exports only, grouped by area (filled as modules land).
export {};
