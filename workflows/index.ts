// Every workflow the worker runs. Workflow code imports only @temporalio/workflow and libs/domain.
export { loanCaseWorkflow } from './loan-case/loan-case.workflow';
export { closeOfBusinessWorkflow } from './close-of-business/close-of-business.workflow';
export { disposalWorkflow } from './disposal/disposal.workflow';
