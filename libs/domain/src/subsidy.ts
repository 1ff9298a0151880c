/**
 * District subsidies: the policy side (terms, LPR, calculation, eligibility, what-if) lives in
 * `subsidy-policy/`, the claim process in `subsidy-claim/`. Kept as the entry point that the
 * domain index, the calculators and the seed import.
 */
export * from './subsidy-policy';
