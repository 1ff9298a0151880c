export * from './compensation-claim.states';
export * from './compensation-claim.types';
export * from './compensation-claim.rules';
