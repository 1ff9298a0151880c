import { DISPOSAL_CODES } from './disposal';
import { DISTRICT_CODES } from './district';
import type { Language } from './messages';

/**
 * The one dictionary of codes the API answers with (roles, statuses, events, task kinds): the
 * screens show these names, never the raw code. Each entry is [Chinese, English].
 */
export const CODES = {
  role: {
    LOAN_OFFICER: ['客户经理', 'Loan officer'],
    CREDIT_APPROVER: ['信贷审批人', 'Credit approver'],
    EVALUATOR: ['评估师', 'Evaluator'],
    REGISTRATION_CLERK: ['登记员', 'Registration clerk'],
    DISTRICT_REVIEWER: ['区级审核人', 'District reviewer'],
    DISTRICT_APPROVER: ['区级审批人', 'District approver'],
    INSURER: ['保险机构', 'Insurer'],
    FUND_MANAGER: ['风险补偿基金管理人', 'Fund manager'],
    ADMINISTRATOR: ['系统管理员', 'Administrator'],
    ENTERPRISE: ['企业', 'Enterprise'],
    EXCHANGE_OPERATOR: ['交易所操作员', 'Exchange operator'],
    SYSTEM: ['系统', 'System'],
  },
  caseStatus: {
    DRAFT: ['草稿', 'Draft'],
    SUBMITTED: ['已提交', 'Submitted'],
    VERIFIED: ['已核验', 'Verified'],
    VALUATION: ['评估中', 'Under valuation'],
    VALUED: ['已评估', 'Valued'],
    APPROVED: ['已审批', 'Approved'],
    CONTRACTED: ['已签约', 'Contracted'],
    REGISTERING: ['登记中', 'Registering'],
    REGISTERED: ['已登记', 'Registered'],
    ACTIVE: ['正常还款', 'Active'],
    OVERDUE: ['逾期', 'Overdue'],
    REPAID: ['已结清', 'Repaid'],
    RELEASED: ['已解押', 'Released'],
    CLOSED: ['已关闭', 'Closed'],
    DEFAULTED: ['已违约', 'Defaulted'],
    COMPENSATION: ['代偿中', 'Compensation'],
    DISPOSAL: ['处置中', 'Disposal'],
    SETTLED: ['已清算', 'Settled'],
    REJECTED: ['已否决', 'Rejected'],
    WITHDRAWN: ['已撤回', 'Withdrawn'],
  },
  caseEvent: {
    OPEN: ['创建案件', 'Open the case'],
    SUBMIT: ['提交申请', 'Submit the application'],
    VERIFY_IP: ['核验知识产权', 'Verify the pledged IP'],
    REQUEST_VALUATION: ['委托评估', 'Request a valuation'],
    SUBMIT_VALUATION: ['提交评估报告', 'Submit the valuation report'],
    APPROVE_CREDIT: ['授信审批', 'Approve credit'],
    SIGN_CONTRACT: ['签订合同', 'Sign the contracts'],
    SUBMIT_REGISTRATION: ['提交质押登记', 'File the pledge registration'],
    ACCEPT_REGISTRATION: ['受理质押登记', 'Accept the registration'],
    REFUSE_REGISTRATION: ['驳回质押登记', 'Refuse the registration'],
    DISBURSE: ['放款', 'Disburse'],
    RECORD_REPAYMENT: ['登记还款', 'Record a repayment'],
    MARK_OVERDUE: ['转入逾期', 'Mark overdue'],
    CURE_OVERDUE: ['逾期已结清', 'Arrears cured'],
    MARK_REPAID: ['还清贷款', 'Mark repaid'],
    REQUEST_RELEASE: ['申请解除质押', 'Request the pledge release'],
    REGISTER_RELEASE: ['办理解押登记', 'Register the release'],
    PROPOSE_DEFAULT: ['提议认定违约', 'Propose a default'],
    DECLARE_DEFAULT: ['确认违约', 'Confirm the default'],
    REJECT_DEFAULT: ['驳回违约提议', 'Reject the default proposal'],
    AUTO_DEFAULT: ['自动认定违约', 'Automatic default'],
    OPEN_COMPENSATION: ['启动代偿', 'Open compensation'],
    CONFIRM_INSURANCE_CLAIM: ['确认保险理赔', 'Confirm the insurance claim'],
    PAY_INSURANCE_CLAIM: ['支付保险理赔', 'Pay the insurance claim'],
    REVIEW_FUND_CLAIM: ['审核风险补偿', 'Review the fund claim'],
    PAY_FUND_CLAIM: ['支付风险补偿', 'Pay the fund claim'],
    START_DISPOSAL: ['启动处置', 'Start the disposal'],
    RECORD_DISPOSAL_OUTCOME: ['登记处置结果', 'Record the disposal outcome'],
    SETTLE: ['清算', 'Settle'],
    RELEASE_SETTLED_PLEDGE: ['注销质押', 'Release the settled pledge'],
    CLOSE: ['关闭案件', 'Close the case'],
    REJECT: ['否决申请', 'Reject the application'],
    WITHDRAW: ['撤回申请', 'Withdraw the application'],
    REASSIGN_OWNER: ['变更客户经理', 'Reassign the owner'],
  },
  sla: {
    ON_TIME: ['正常', 'On time'],
    DUE_SOON: ['即将到期', 'Due soon'],
    LATE: ['已超时', 'Late'],
  },
  // The district desk's and the disposal audit's codes (console-desks).
  ...DISTRICT_CODES,
  ...DISPOSAL_CODES,
} satisfies Record<string, Record<string, readonly [string, string]>>;

export type CodeCategory = keyof typeof CODES;

/** The name of a code in a language; an unknown code shows as itself, so a gap is visible. */
export function codeName(category: CodeCategory, code: string, language: Language): string {
  const entry = (CODES[category] as Record<string, readonly [string, string]>)[code];
  if (!entry) return code;
  return language === 'zh-CN' ? entry[0] : entry[1];
}
