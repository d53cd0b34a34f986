// The workflow bundle's entry: workflow functions only.
export { portInWorkflow } from './port-in/workflow';
