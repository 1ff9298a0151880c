/**
 * HTTP status and Chinese message of each stable error code. The English message travels with
 * the error itself (it often names the offending value); these are the fallbacks.
 */
interface CatalogueEntry {
  status: number;
  zh: string;
}

const CATALOGUE: Record<string, CatalogueEntry> = {
  VALIDATION_FAILED: { status: 400, zh: '请求数据校验失败' },
  INVALID_AMOUNT: { status: 400, zh: '金额格式无效' },
  INVALID_RATE: { status: 400, zh: '利率格式无效' },
  INVALID_DATE: { status: 400, zh: '日期格式无效' },
  INVALID_SCHEDULE_REQUEST: { status: 400, zh: '还款计划参数无效' },
  INVALID_IDENTIFIER_KIND: { status: 400, zh: '标识类型无效' },
  INVALID_IDENTIFIER: { status: 400, zh: '标识号码无效' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, zh: '幂等键已用于不同的请求' },
  UNAUTHENTICATED: { status: 401, zh: '需要登录' },
  INVALID_TOKEN: { status: 401, zh: '令牌无效' },
  ROLE_FORBIDDEN: { status: 403, zh: '当前角色无权执行此操作' },
  ORGANISATION_FORBIDDEN: { status: 403, zh: '无权访问其他机构的案件' },
  NOT_FOUND: { status: 404, zh: '未找到' },
  CASE_NOT_FOUND: { status: 404, zh: '案件不存在' },
  USER_NOT_FOUND: { status: 404, zh: '用户不存在' },
  CASE_ALREADY_EXISTS: { status: 409, zh: '案件已存在' },
  INVALID_TRANSITION: { status: 409, zh: '当前状态不允许此操作' },
  CASE_NOT_READY: { status: 409, zh: '案件尚未就绪' },
  FOUR_EYES_VIOLATION: { status: 422, zh: '违反双人复核原则：审批人不能是经办人' },
  INVALID_IP_SECURED_SHARE: { status: 422, zh: '知识产权担保占比须大于0且不超过1' },
  LTV_EXCEEDED: { status: 422, zh: '贷款金额超过质押率上限' },
  ASSET_ALREADY_PLEDGED: { status: 409, zh: '该知识产权已存在有效质押' },
  USCC_CONFIRMATION_REQUIRED: { status: 422, zh: '统一社会信用代码校验位不符，需要明确确认' },
  UNKNOWN_EXPORT_KIND: { status: 400, zh: '不存在该报表' },
  INVALID_EXPORT_FILTER: { status: 400, zh: '导出筛选条件无效' },
  EXPORT_NOT_FOUND: { status: 404, zh: '导出任务不存在' },
  EXPORT_NOT_READY: { status: 409, zh: '导出文件尚未生成' },
  EXPORT_FAILED: { status: 422, zh: '导出失败' },
  DEV_LOGIN_DISABLED: { status: 404, zh: '生产环境不提供演示登录' },
  INVALID_WATERFALL_INPUT: { status: 400, zh: '处置款分配参数无效' },
  INVALID_AUCTION_RULES: { status: 400, zh: '拍卖规则无效' },
  STARTING_PRICE_BELOW_FLOOR: { status: 422, zh: '首轮起拍价低于处置底价' },
  PRICE_CUT_TOO_LARGE: { status: 422, zh: '起拍价降幅超过规定上限' },
  TOO_MANY_ROUNDS: { status: 409, zh: '拍卖轮次已超过上限' },
  INVALID_DELINQUENCY_BUCKETS: { status: 400, zh: '逾期分档配置无效' },
  INVALID_RISK_SCHEME: { status: 400, zh: '风险分担方案无效' },
  REASON_REQUIRED: { status: 422, zh: '必须填写原因' },
  UNKNOWN_RISK_SCHEME: { status: 422, zh: '未配置该风险分担方案' },
  // Both compensation claims (default) and subsidy claims answer with this code.
  CLAIM_NOT_FOUND: { status: 404, zh: '申请不存在' },
  INVALID_CLAIM_STATUS: { status: 409, zh: '补偿申请当前状态不允许此操作' },
  FUND_TRIGGER_NOT_REACHED: { status: 422, zh: '贷款不良天数未达到风险补偿资金的申请条件' },
  FUND_BALANCE_EXHAUSTED: { status: 409, zh: '风险补偿资金余额不足' },
  FUND_NOT_FOUND: { status: 404, zh: '风险补偿资金不存在' },
  DUPLICATE_REFERENCE: { status: 422, zh: '该业务流水号已用于另一笔业务' },
  DISPOSAL_ALREADY_STARTED: { status: 409, zh: '质押物处置已启动' },
  DISPOSAL_NOT_FOUND: { status: 404, zh: '该案件尚无质押物处置' },
  NO_DISPOSAL: { status: 409, zh: '该案件尚无质押物处置，没有处置档案' },
  INVALID_DISPOSAL_METHOD: { status: 422, zh: '处置方式无效' },
  ROUND_STILL_OPEN: { status: 409, zh: '本轮拍卖尚未结束' },
  NO_OPEN_ROUND: { status: 409, zh: '当前没有正在竞价的拍卖轮次' },
  ADMINISTRATOR_APPROVAL_REQUIRED: {
    status: 422,
    zh: '低于处置底价的转让须经管理员批准并说明理由',
  },
  VALUATION_ASSETS_MISMATCH: { status: 422, zh: '评估报告须对每项质押资产各评估一次' },
  INVALID_POLICY: { status: 400, zh: '补贴政策参数无效' },
  LPR_NOT_FOUND: { status: 422, zh: '该日期没有适用的贷款市场报价利率（LPR）' },
  INVALID_SUBSIDY_INPUT: { status: 400, zh: '补贴计算参数无效' },
  DUPLICATE_SUBSIDY: { status: 409, zh: '该贷款期间或保费已申领补贴，全市不得重复补贴' },
  NOT_ELIGIBLE: { status: 422, zh: '不符合补贴政策条件' },
  BUDGET_EXHAUSTED: { status: 409, zh: '补贴预算额度不足' },
  BUDGET_YEAR_CLOSED: { status: 409, zh: '该预算年度已结束' },
  CLAIM_NOT_READY: { status: 409, zh: '补贴申请尚未登记完成' },
  CLAIM_NOT_REVIEWED: { status: 409, zh: '补贴申请尚未初审' },
  ALREADY_REVIEWED: { status: 409, zh: '补贴申请已初审' },
  INVALID_CLAIM_TRANSITION: { status: 409, zh: '补贴申请当前状态不允许此操作' },
  POLICY_NOT_FOUND: { status: 404, zh: '该区没有适用的补贴政策' },
  POLICY_BACKDATED: { status: 422, zh: '新政策版本的生效日不得早于当前业务日期' },
  POLICY_VERSION_CONFLICT: { status: 409, zh: '补贴政策版本冲突，请重试' },
  CASE_NOT_DISBURSED: { status: 409, zh: '贷款尚未放款' },
  INVALID_INSTALMENT_RANGE: { status: 422, zh: '申请期数不在还款计划内' },
  PREMIUM_MISMATCH: { status: 422, zh: '保险公司确认的保费与申请不符' },
  DUPLICATE_PAYMENT_REFERENCE: { status: 409, zh: '付款凭证号已使用' },
  UNKNOWN_DISTRICT: { status: 400, zh: '区划代码无效' },
  INVALID_DATE_RANGE: { status: 400, zh: '日期区间无效：须为过去的日期且不超过三年' },
  // Working calendar (工作日); English texts travel with the errors raised in
  // libs/domain/src/calendar/working-calendar.ts.
  CALENDAR_YEAR_NOT_COVERED: { status: 422, zh: '工作日历尚未载入该年度的节假日安排' },
  INVALID_WORKING_CALENDAR: { status: 400, zh: '工作日历数据无效' },
  INVALID_WORKING_DAYS: { status: 400, zh: '工作日天数须为不小于1的整数' },
  WORKING_CALENDAR_NOT_FOUND: { status: 404, zh: '尚未载入该年度的节假日安排' },
};

export function httpStatusFor(code: string, fallback: number): number {
  return CATALOGUE[code]?.status ?? fallback;
}

export function zhMessageFor(code: string): string | undefined {
  return CATALOGUE[code]?.zh;
}
