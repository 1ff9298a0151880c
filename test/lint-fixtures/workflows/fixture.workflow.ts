// Violates workflows-import-only-the-workflow-sdk-and-the-domain: the Temporal client in a
// workflow. The type-only import of activities below is allowed and must not be reported.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FixtureActivities } from '../activities/fixture.activities';

export async function fixtureWorkflow(activities: FixtureActivities): Promise<boolean> {
  return (await activities.ping()) instanceof WorkflowNotFoundError;
}
