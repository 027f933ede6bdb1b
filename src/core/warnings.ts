/**
 * Doubtful input (a long gap between bars, a single bar, a row with extra columns, an indicator
 * longer than the data): the run goes on, and the user is told on stderr, in results.json and in
 * the report. `message` names the place (`data/x.csv:418: ...`) the way errors do.
 */
export interface InputWarning {
  /** Stable kebab-case kind, e.g. `long-gap`, `extra-columns`, `warmup-exceeds-data`. */
  code: string;
  message: string;
}
