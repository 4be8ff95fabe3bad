// The workflow bundle's entry: every workflow the worker runs.
export { eventWorkflow } from './event-workflow';
export { userWorkflow } from './user-workflow';
export { contactWorkflow } from './contact-workflow';
export { retentionWorkflow } from './retention-workflow';
export { recoverWorkflow } from './recover-workflow';
export { orderedEndpointWorkflow } from './ordered-endpoint-workflow';
