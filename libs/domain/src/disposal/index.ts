/**
 * The disposal of a defaulted case's pledged IP: its states and transitions, its records, the
 * auction rules and step checks, and the waterfall of the proceeds.
 */
export * from './disposal.states';
export * from './disposal.types';
export * from './disposal.rules';
export * from './disposal.waterfall';
export * from './disposal.interest';
