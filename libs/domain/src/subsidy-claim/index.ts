/** The subsidy-claim process: its states and transition table, its record types and its rules. */
export * from './subsidy-claim.states';
export * from './subsidy-claim.types';
export * from './subsidy-claim.rules';
export * from './subsidy-claim.computation';
export * from './subsidy-claim.claimable';
