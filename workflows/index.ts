// The workflow bundle's entry: workflow functions only.
export { portInWorkflow } from './port-in/workflow';
export { templateWatchWorkflow } from './port-in/cloud/template-watch';
export { portOutWorkflow } from './port-out/workflow';
export { partnerChangeWorkflow } from './partner-change/workflow';
export { numberEntityWorkflow } from './entities/number-workflow';
export { wabaEntityWorkflow } from './entities/waba-workflow';
export { batchWorkflow } from './batch/workflow';
