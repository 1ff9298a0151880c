import type { CompensationClaimPayer, CompensationClaimStatus } from './compensation-claim';
import type {
  BidderKind,
  InterestLineKind,
  DisposalMethod,
  DisposalStatus,
  DisposalTimelineEvent,
  RoundOutcome,
} from './disposal';
import type { AssetKind, LegalStatus, RegistrationRefusalReason, ReleaseGround } from './ip-assets';
import type { CaseEvent, CaseStatus } from './loan-case';
import type { LOSS_BASES } from './risk-sharing';
import type { Role } from './roles';
import type { RepaymentMethod } from './schedule';

/**
 * The Chinese names of the codes the system records, for documents people read and sign (the
 * printed disposal file): a reader sees 已结案, not CLOSED. Each map is typed by its code list, so
 * a code added to a list without a name fails to compile.
 */
export const CASE_STATUS_ZH: Readonly<Record<CaseStatus, string>> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交',
  VERIFIED: '已核验',
  VALUATION: '评估中',
  VALUED: '已评估',
  APPROVED: '已审批',
  CONTRACTED: '已签约',
  REGISTERING: '登记中',
  REGISTERED: '已登记',
  ACTIVE: '正常还款',
  OVERDUE: '逾期',
  REPAID: '已结清',
  RELEASED: '已解除质押',
  CLOSED: '已结案',
  DEFAULTED: '已违约',
  COMPENSATION: '代偿中',
  DISPOSAL: '处置中',
  SETTLED: '已结算',
  REJECTED: '已拒绝',
  WITHDRAWN: '已撤回',
};

/** The case timeline's events: every transition, and OPEN, the case's first entry. */
export const CASE_EVENT_ZH: Readonly<Record<CaseEvent | 'OPEN', string>> = {
  OPEN: '创建案件',
  SUBMIT: '提交申请',
  VERIFY_IP: '核验知识产权',
  REQUEST_VALUATION: '委托评估',
  SUBMIT_VALUATION: '提交评估报告',
  APPROVE_CREDIT: '授信审批通过',
  SIGN_CONTRACT: '签订质押合同',
  SUBMIT_REGISTRATION: '提交质押登记',
  ACCEPT_REGISTRATION: '质押登记通过',
  REFUSE_REGISTRATION: '质押登记退回',
  DISBURSE: '放款',
  RECORD_REPAYMENT: '记录还款',
  MARK_OVERDUE: '转入逾期',
  CURE_OVERDUE: '逾期结清',
  MARK_REPAID: '贷款结清',
  REQUEST_RELEASE: '申请解除质押',
  REGISTER_RELEASE: '登记解除质押',
  PROPOSE_DEFAULT: '提议认定违约',
  DECLARE_DEFAULT: '认定违约',
  REJECT_DEFAULT: '驳回违约提议',
  AUTO_DEFAULT: '自动认定违约',
  OPEN_COMPENSATION: '启动代偿',
  CONFIRM_INSURANCE_CLAIM: '确认保险理赔',
  PAY_INSURANCE_CLAIM: '支付保险理赔',
  REVIEW_FUND_CLAIM: '审核风险补偿申请',
  PAY_FUND_CLAIM: '支付风险补偿',
  START_DISPOSAL: '启动质押物处置',
  RECORD_DISPOSAL_OUTCOME: '记录处置结果',
  SETTLE: '处置款结算',
  RELEASE_SETTLED_PLEDGE: '注销已实现质权',
  CLOSE: '结案',
  REJECT: '拒绝申请',
  WITHDRAW: '撤回申请',
  REASSIGN_OWNER: '变更经办人',
};

export const DISPOSAL_STATUS_ZH: Readonly<Record<DisposalStatus, string>> = {
  AWAITING_VALUATION: '待重新评估',
  AWAITING_METHOD: '待选择处置方式',
  AUCTION: '拍卖中',
  AUCTION_FAILED: '拍卖流拍',
  NEGOTIATION: '协商中',
  AWAITING_APPROVAL: '待管理员审批',
  SALE_AGREED: '已达成交易',
  TRANSFER_PENDING: '待办理权利转移',
  AWAITING_WRITE_OFF_APPROVAL: '待核销审批',
  COMPLETED: '处置完成',
  WRITTEN_OFF: '已核销',
};

export const DISPOSAL_EVENT_ZH: Readonly<Record<DisposalTimelineEvent, string>> = {
  START: '开始处置',
  SUBMIT_VALUATION: '提交重新评估报告',
  CHOOSE_METHOD: '选择处置方式',
  OPEN_ROUND: '开始拍卖轮次',
  RECORD_BID: '记录出价',
  CLOSE_ROUND: '结束拍卖轮次',
  PROPOSE_SALE: '提议成交',
  APPROVE_SALE: '批准低于底价成交',
  COMPLETE_SALE: '完成交易',
  WRITE_OFF: '核销',
  REGISTER_BIDDER: '登记竞买人',
  RECORD_DEPOSIT: '记录保证金',
  REGISTER_TRANSFER: '登记权利转移',
  PROPOSE_WRITE_OFF: '提议核销',
  APPROVE_WRITE_OFF: '批准核销',
};

export const DISPOSAL_METHOD_ZH: Readonly<Record<DisposalMethod, string>> = {
  AUCTION: '拍卖',
  LISTED_TRANSFER: '挂牌转让',
  NEGOTIATED_TRANSFER: '协议转让',
  LICENSING: '许可使用',
  BANK_TAKEOVER: '银行受让',
};

export const ROUND_OUTCOME_ZH: Readonly<Record<RoundOutcome, string>> = {
  OPEN: '进行中',
  SOLD: '成交',
  UNSOLD: '流拍',
};

export const BIDDER_KIND_ZH: Readonly<Record<BidderKind, string>> = {
  FIRM: '企业',
  PERSON: '个人',
};

/** Where the valuation a disposal prices against came from. */
export const VALUATION_SOURCE_ZH: Readonly<Record<'CASE' | 'REFRESHED', string>> = {
  CASE: '案件原评估报告',
  REFRESHED: '处置重新评估',
};

export const VALUATION_METHOD_ZH: Readonly<Record<'INCOME' | 'MARKET' | 'COST', string>> = {
  INCOME: '收益法',
  MARKET: '市场法',
  COST: '成本法',
};

export const ROLE_ZH: Readonly<Record<Role, string>> = {
  LOAN_OFFICER: '客户经理',
  CREDIT_APPROVER: '授信审批人',
  EVALUATOR: '评估师',
  REGISTRATION_CLERK: '登记员',
  DISTRICT_REVIEWER: '区初审人',
  DISTRICT_APPROVER: '区审批人',
  INSURER: '保险公司',
  FUND_MANAGER: '风险补偿资金管理人',
  ADMINISTRATOR: '管理员',
  ENTERPRISE: '企业',
  EXCHANGE_OPERATOR: '交易所操作员',
};

export const ASSET_KIND_ZH: Readonly<Record<AssetKind, string>> = {
  INVENTION_PATENT: '发明专利',
  UTILITY_MODEL_PATENT: '实用新型专利',
  DESIGN_PATENT: '外观设计专利',
  TRADEMARK: '注册商标',
  SOFTWARE_COPYRIGHT: '软件著作权',
};

export const LEGAL_STATUS_ZH: Readonly<Record<LegalStatus, string>> = {
  PENDING: '审查中',
  IN_FORCE: '有效',
  LAPSED: '失效',
  INVALIDATED: '已宣告无效',
  INVALIDATION_PENDING: '无效宣告审查中',
  FROZEN: '冻结',
  OWNERSHIP_DISPUTE: '权属纠纷',
};

export const RELEASE_GROUND_ZH: Readonly<Record<ReleaseGround, string>> = {
  DEBT_REPAID: '债务已清偿',
  PLEDGE_REALISED: '质权已实现',
  PLEDGEE_WAIVED: '质权人放弃质权',
  CONTRACT_VOID: '合同无效',
};

export const REGISTRATION_REFUSAL_REASON_ZH: Readonly<Record<RegistrationRefusalReason, string>> = {
  NOT_REGISTERED_OWNER: '出质人非登记权利人',
  LAPSED_OR_INVALIDATED: '权利已失效或被宣告无效',
  NOT_GRANTED: '申请尚未授权',
  ANNUAL_FEE_UNPAID: '未缴年费',
  FROZEN_OR_DISPUTED: '权利被冻结或存在权属纠纷',
  DEBT_TERM_EXCEEDS_RIGHT: '主债务期限超过权利期限',
  CONTRACT_DEFECTIVE: '质押合同存在缺陷',
  CO_OWNER_CONSENT_MISSING: '缺少共有人同意',
  ALREADY_PLEDGED: '已被质押',
  SAME_DAY_DUAL_FILING: '同日申请实用新型和发明',
  INVALIDATION_PENDING: '无效宣告程序中',
  FORFEITURE_CLAUSE: '合同含流质条款',
  OTHER_INELIGIBLE: '其他不予登记情形',
};

export const FILING_OUTCOME_ZH: Readonly<Record<'PENDING' | 'ACCEPTED' | 'REFUSED', string>> = {
  PENDING: '待审查',
  ACCEPTED: '准予登记',
  REFUSED: '不予登记',
};

export const PLEDGE_STATUS_ZH: Readonly<Record<'ACTIVE' | 'RELEASED', string>> = {
  ACTIVE: '有效',
  RELEASED: '已注销',
};

export const REPAYMENT_METHOD_ZH: Readonly<Record<RepaymentMethod, string>> = {
  EQUAL_INSTALMENT: '等额本息',
  EQUAL_PRINCIPAL: '等额本金',
  INTEREST_ONLY: '按期付息、到期还本',
};

export const CLAIM_STATUS_ZH: Readonly<Record<CompensationClaimStatus, string>> = {
  FILED: '已提交',
  CONFIRMED: '已确认',
  REVIEWED: '已审核',
  PAID: '已支付',
};

export const CLAIM_PAYER_ZH: Readonly<Record<CompensationClaimPayer, string>> = {
  INSURER: '保险公司',
  FUND: '风险补偿资金',
};

/** What limited a compensation payment below its share. */
export const CLAIM_LIMIT_ZH: Readonly<Record<'CAP' | 'BALANCE', string>> = {
  CAP: '单笔上限',
  BALANCE: '资金余额',
};

/** How a default came about: declared by the bank, or by the overdue rule at close of business. */
export const DEFAULT_KIND_ZH: Readonly<Record<'DECLARED' | 'AUTOMATIC', string>> = {
  DECLARED: '银行认定',
  AUTOMATIC: '逾期自动认定',
};

export const LOSS_BASE_ZH: Readonly<Record<(typeof LOSS_BASES)[number], string>> = {
  PRINCIPAL: '本金',
  PRINCIPAL_AND_INTEREST: '本金及利息',
};

/** How a disposal's proceeds were distributed: after a sale, or with nothing sold. */
export const DISTRIBUTION_OUTCOME_ZH: Readonly<Record<'SOLD' | 'WRITTEN_OFF', string>> = {
  SOLD: '出售',
  WRITTEN_OFF: '核销',
};

export const INTEREST_LINE_ZH: Readonly<Record<InterestLineKind, string>> = {
  SCHEDULED: '应还未还利息',
  CONTRACT: '合同利息',
  PENALTY: '罚息',
};

/** The default delinquency buckets (a product may define others: they print as their code). */
export const DELINQUENCY_BUCKET_ZH: Readonly<Record<string, string>> = {
  CURRENT: '正常',
  DPD_1_30: '逾期1–30天',
  DPD_31_60: '逾期31–60天',
  DPD_61_90: '逾期61–90天',
  DPD_90_PLUS: '逾期90天以上',
};

/** The parties a loss is shared between, as a default's shares name them. */
export const LOSS_PARTY_ZH: Readonly<Record<string, string>> = {
  bank: '银行',
  insurer: '保险公司',
  fund: '风险补偿资金',
  guarantor: '担保机构',
};

/** The audit log's actions. */
export const AUDIT_ACTION_ZH: Readonly<Record<string, string>> = {
  API_REQUEST: '接口请求',
  BUDGET_PLAN_SET: '设定预算计划',
  BUSINESS_DATE_ADVANCED: '推进业务日',
  CASE_TRANSITION: '案件状态变更',
  COMPENSATION_PAID: '代偿支付',
  DISPOSAL_EVENT: '处置步骤',
  DISPOSAL_FINDING_RECORDED: '记录审计发现',
  ENTERPRISE_DISTRICT_CONFIRMED: '确认企业所属区',
  ENTERPRISE_REGISTERED: '企业登记',
  LPR_SET: '设定LPR',
  SUBSIDY_CLAIM_TRANSITION: '补贴申请状态变更',
  SUBSIDY_POLICY_PUBLISHED: '发布补贴政策',
  WORKING_CALENDAR_REPLACED: '更新工作日历',
};

/** How serious an administrator's finding on a disposal file is. */
export const FINDING_SEVERITY_ZH: Readonly<
  Record<'INFO' | 'OBSERVATION' | 'FINDING' | 'SERIOUS', string>
> = {
  INFO: '提示',
  OBSERVATION: '关注',
  FINDING: '问题',
  SERIOUS: '严重问题',
};

/**
 * The Chinese name of `code` in `names`; the code itself when it has none (a code from a later
 * release), so nothing is hidden from the reader.
 */
export function zhName(names: Readonly<Record<string, string>>, code: string): string {
  return Object.prototype.hasOwnProperty.call(names, code) ? names[code]! : code;
}
