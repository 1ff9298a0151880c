/**
 * District subsidy policies (贴息, 保费补贴): policy terms as data, the LPR table, the exact
 * calculation, caps, eligibility and the what-if simulation of a draft policy.
 */
export * from './subsidy-policy';
export * from './subsidy-lpr';
export * from './subsidy-calculation';
export * from './subsidy-eligibility';
export * from './subsidy-what-if';
export * from './budget-plan';
