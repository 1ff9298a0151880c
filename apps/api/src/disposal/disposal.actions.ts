import type { DisposalTransition } from '../../../../libs/domain/src/disposal';
import {
  approveSaleUpdate,
  approveWriteOffUpdate,
  recordDepositUpdate,
  registerBidderUpdate,
  registerTransferUpdate,
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
  ApproveSaleDto,
  ApproveWriteOffDto,
  RecordDepositDto,
  RegisterBidderDto,
  TransferRegistrationDto,
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
  'register-bidder': workflowAction(registerBidderUpdate, (dto: RegisterBidderDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    kind: dto.kind,
    identity: dto.identity,
    name: dto.name,
    deposit: dto.deposit
      ? { amount: dto.deposit.amount, reference: dto.deposit.reference, paidOn: dto.deposit.paidOn }
      : null,
  })),
  deposit: workflowAction(recordDepositUpdate, (dto: RecordDepositDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    bidderId: dto.bidderId,
    amount: dto.amount,
    reference: dto.reference,
    paidOn: dto.paidOn,
  })),
  bid: workflowAction(recordBidUpdate, (dto: BidDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    bidderId: dto.bidderId,
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
  'approve-sale': workflowAction(approveSaleUpdate, (dto: ApproveSaleDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    reason: dto.reason ?? '',
    ground: dto.ground ?? null,
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
  'approve-write-off': workflowAction(approveWriteOffUpdate, (dto: ApproveWriteOffDto, c) => ({
    actor: c.user,
    businessDate: c.businessDate,
    note: dto.note ?? null,
  })),
  'transfer-registration': workflowAction(
    registerTransferUpdate,
    (dto: TransferRegistrationDto, c) => ({
      actor: c.user,
      businessDate: c.businessDate,
      registrationNumber: dto.registrationNumber,
      registeredOn: dto.registeredOn,
    }),
  ),
};
export type DisposalActionName = keyof typeof DISPOSAL_ACTIONS;

/** The transitions each action may fire (one per outcome), for the allowed-actions answer. */
export const TRANSITIONS_OF_ACTION: Readonly<
  Record<DisposalActionName, readonly DisposalTransition[]>
> = {
  valuation: ['SUBMIT_VALUATION'],
  method: ['CHOOSE_ROUND_METHOD', 'CHOOSE_PRIVATE_METHOD'],
  'open-round': ['OPEN_ROUND'],
  'register-bidder': ['REGISTER_BIDDER'],
  deposit: ['RECORD_DEPOSIT'],
  bid: ['RECORD_BID'],
  'close-round': ['CLOSE_ROUND_SOLD', 'CLOSE_ROUND_UNSOLD', 'CLOSE_ROUND_FAILED'],
  'propose-sale': ['PROPOSE_SALE', 'PROPOSE_SALE_BELOW_FLOOR'],
  'approve-sale': ['APPROVE_SALE'],
  'complete-sale': ['COMPLETE_SALE'],
  'write-off': ['PROPOSE_WRITE_OFF'],
  'approve-write-off': ['APPROVE_WRITE_OFF'],
  'transfer-registration': ['REGISTER_TRANSFER'],
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
