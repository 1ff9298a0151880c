// Violates libs-stay-below-the-processes: a library importing an activity.
import type { FixtureActivities } from '../../activities/fixture.activities';

export type Pinger = FixtureActivities['ping'];
