export { benchCliStartup } from './cli-startup.js';
export {
  type CommandOptions,
  hasCommand,
  type Measurement,
  type MeasureOptions,
  measure,
  measureCommand,
  median,
  summarize,
} from './measure.js';
export { type Comparison, formatReport, ratio, type SuiteReport, type Target, writeReport } from './report.js';
