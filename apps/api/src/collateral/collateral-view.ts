import type { Role } from '../../../../libs/domain/src/roles';
import type { CollateralRepository } from '../../../../libs/persistence/src/repositories/collateral/collateral.repository';

type CollateralView = Awaited<ReturnType<CollateralRepository['view']>>;

/**
 * The loan's collateral as a role sees it. The enterprise learns whether its collateral is
 * impaired and why its subsidy claims are held, and what happened to each asset; the coverage,
 * the bank's decisions and the valuations stay with the bank (an allow-list, as the case view).
 */
export function collateralViewFor(view: CollateralView, role: Role) {
  if (role !== 'ENTERPRISE') return view;
  return {
    impaired: view.impaired,
    impairedSince: view.impairedSince,
    subsidyHoldReason: view.subsidyHoldReason,
    assets: view.assets,
    events: view.events,
  };
}
