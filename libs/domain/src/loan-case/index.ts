export * from './loan-case.states';
export * from './loan-case.types';
export * from './loan-case.rules';
export * from './loan-case.allowed-actions';
export * from './loan-case.default-terms';
export * from './loan-case.default-proposal';
export * from './loan-case.parties';
