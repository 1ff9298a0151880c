// Violates no-orphans: imports nothing, imported by nobody.
export const LONELY = true;
