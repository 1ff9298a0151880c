// Every workflow the worker runs. Workflow code imports only @temporalio/workflow and libs/domain.
export { loanCaseWorkflow } from './loan-case/loan-case.workflow';
export { closeOfBusinessWorkflow } from './close-of-business/close-of-business.workflow';
export { disposalWorkflow } from './disposal/disposal.workflow';
export { subsidyClaimWorkflow } from './subsidy-claim/subsidy-claim.workflow';
export { budgetTopUpWorkflow } from './subsidy-claim/budget-top-up.workflow';
