import type { DisposalTransition } from '../../../../libs/domain/src/disposal';
import {
  approveSaleUpdate,
  chooseDisposalMethodUpdate,
  closeRoundUpdate,
  completeSaleUpdate,
  openRoundUpdate,
  proposeSaleUpdate,
  recordBidUpdate,
  submitDisposalValuationUpdate,
  writeOffUpdate,
} from '../../../../workflows/disposal/disposal.shared';
import type { ValuationReportDto } from '../loan-case/loan-case.request.dto';
import type { OptionalReasonDto } from '../compensation-claim/compensation-claim.request.dto';
import type { TransitionRoutes } from '../allowed-actions/transition-routes';
import { workflowAction } from '../common/workflow-actions';
import type {
  BidDto,
  CompleteSaleDto,
  DisposalMethodDto,
  OpenRoundDto,
  ProposeSaleDto,
} from './disposal.request.dto';

/**
 * The disposal's API actions: each names the Update it sends and builds that Update's input
 * from the request body, the caller and the business date. Every step carries the caller as its
 * actor.
 */
export const DISPOSAL_ACTIONS = {
  valuation: workflowAction(submitDisposalValuationUpdate, (dto: ValuationReportDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    reportNumber: dto.reportNumber,
    method: dto.method,
    baseDate: dto.baseDate,
    validUntil: dto.validUntil ?? null,
    assets: dto.assets.map((a) => ({ number: a.number, value: a.value })),
  })),
  method: workflowAction(chooseDisposalMethodUpdate, (dto: DisposalMethodDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    method: dto.method,
  })),
  'open-round': workflowAction(openRoundUpdate, (dto: OpenRoundDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    startingPrice: dto.startingPrice,
  })),
  bid: workflowAction(recordBidUpdate, (dto: BidDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    bidder: dto.bidder,
    amount: dto.amount,
  })),
  'close-round': workflowAction(closeRoundUpdate, (_dto: object, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
  })),
  'propose-sale': workflowAction(proposeSaleUpdate, (dto: ProposeSaleDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    method: dto.method,
    buyer: dto.buyer,
    price: dto.price,
  })),
  'approve-sale': workflowAction(approveSaleUpdate, (dto: OptionalReasonDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    reason: dto.reason ?? '',
  })),
  'complete-sale': workflowAction(completeSaleUpdate, (dto: CompleteSaleDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    costs: dto.costs,
  })),
  'write-off': workflowAction(writeOffUpdate, (dto: OptionalReasonDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    reason: dto.reason ?? '',
  })),
};
export type DisposalActionName = keyof typeof DISPOSAL_ACTIONS;

/** The transitions each action may fire (one per outcome), for the allowed-actions answer. */
export const TRANSITIONS_OF_ACTION: Readonly<
  Record<DisposalActionName, readonly DisposalTransition[]>
> = {
  valuation: ['SUBMIT_VALUATION'],
  method: ['CHOOSE_ROUND_METHOD', 'CHOOSE_PRIVATE_METHOD'],
  'open-round': ['OPEN_ROUND'],
  bid: ['RECORD_BID'],
  'close-round': ['CLOSE_ROUND_SOLD', 'CLOSE_ROUND_UNSOLD', 'CLOSE_ROUND_FAILED'],
  'propose-sale': ['PROPOSE_SALE', 'PROPOSE_SALE_BELOW_FLOOR'],
  'approve-sale': ['APPROVE_SALE'],
  'complete-sale': ['COMPLETE_SALE'],
  'write-off': ['WRITE_OFF'],
};

/**
 * The allowed-action items of a disposal: one per API action some of whose `transitions` the
 * caller may fire now, with the method and path its route has (from the controllers' marks).
 */
export function disposalActionItems(
  transitions: readonly DisposalTransition[],
  routes: TransitionRoutes,
  role: string,
  caseNumber: string,
) {
  return (Object.keys(DISPOSAL_ACTIONS) as DisposalActionName[]).flatMap((action) => {
    const fired = TRANSITIONS_OF_ACTION[action].filter((t) => transitions.includes(t));
    const first = fired[0];
    const item = first && routes.action('disposal', first, role, { id: caseNumber });
    return item ? [{ process: 'disposal' as const, action, transitions: fired, ...item }] : [];
  });
}
