// Violates persistence-stays-below-the-processes: persistence importing a workflow.
import { fixtureWorkflow } from '../../workflows/fixture.workflow';

export const workflowName = fixtureWorkflow.name;
