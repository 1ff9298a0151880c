export interface FixtureActivities {
  ping(): Promise<unknown>;
}
