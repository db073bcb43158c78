export { runCli } from './cli.js';
export { type ExtractOptions, type ExtractSummary, extractScenarios, type ScenarioMeta } from './extract.js';
export { listScenarioDirs, readScenario, type Scenario } from './scenarios.js';
