/** The external-world simulator: start it in-process (`startSimulator`) or run `npm run simulator`. */
export { startSimulator, buildSimulator, PREFIX, type RunningSimulator, type StartSimulatorOptions } from './server';
export { SimulatorControl } from './control-client';
export { DEFAULT_SCENARIO, DEFAULT_BUSINESS_ID, type Scenario, type ScenarioPatch } from './scenarios';
