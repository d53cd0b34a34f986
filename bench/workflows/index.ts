// The benchmark bundle: the production workflows plus the engine baselines, in one worker.
export * from '../../workflows';
export * from './baselines';
