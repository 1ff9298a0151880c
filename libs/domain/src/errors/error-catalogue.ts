/**
 * Every error code the system raises, in one place: a row per code with its English and Chinese
 * message. The English message that travels with an error usually names the offending value;
 * these texts are the fallbacks and the reference. A code is the stable contract (clients match
 * on it, never on a message); the HTTP status of each code lives in `libs/common/src/http-status.ts`.
 *
 * Adding a code: add its row here (the compiler then asks for its HTTP status) — `refuse`,
 * `DomainError` and `ProblemException` accept only codes of this catalogue.
 */
export const ERROR_CATALOGUE = {
  // ── Requests: payload checks, amounts, rates, dates, identifiers ────────────────────────────
  VALIDATION_FAILED: { en: 'The request data is invalid', zh: '请求数据校验失败' },
  BAD_REQUEST: { en: 'Bad request', zh: '请求无效' },
  INVALID_AMOUNT: { en: 'The amount is not valid', zh: '金额格式无效' },
  INVALID_RATE: { en: 'The rate is not valid', zh: '利率格式无效' },
  INVALID_DATE: { en: 'The date is not valid', zh: '日期格式无效' },
  INVALID_DATE_RANGE: {
    en: 'The date range must lie in the past and span at most three years',
    zh: '日期区间无效：须为过去的日期且不超过三年',
  },
  INVALID_SCHEDULE_REQUEST: {
    en: 'The repayment schedule request is not valid',
    zh: '还款计划参数无效',
  },
  INVALID_IDENTIFIER_KIND: { en: 'Unknown identifier kind', zh: '标识类型无效' },
  INVALID_IDENTIFIER: { en: 'The identifier is not valid', zh: '标识号码无效' },
  INVALID_CURSOR: { en: 'The cursor is not one this API returned', zh: '分页游标无效' },
  IDEMPOTENCY_KEY_REUSED: {
    en: 'The Idempotency-Key was already used for a different request',
    zh: '该幂等键已用于另一个不同的请求',
  },
  UNKNOWN_DISTRICT: { en: 'Unknown district division code', zh: '区划代码无效' },

  // ── Sign-in and permissions ──────────────────────────────────────────────────────────────
  UNAUTHENTICATED: { en: 'Sign-in required', zh: '需要登录' },
  INVALID_TOKEN: { en: 'The bearer token is not valid', zh: '令牌无效' },
  ROLE_FORBIDDEN: { en: 'Your role may not do this', zh: '当前角色无权执行此操作' },
  ORGANISATION_FORBIDDEN: {
    en: "Your organisation may not act on another organisation's records",
    zh: '无权访问其他机构的案件',
  },
  DEV_LOGIN_DISABLED: {
    en: 'Demo login is not offered in production',
    zh: '生产环境不提供演示登录',
  },
  USER_NOT_FOUND: { en: 'No such active user', zh: '用户不存在' },
  LOGIN_FAILED: { en: 'The sign-in failed', zh: '登录失败：用户名或凭据不正确，或账户已停用' },
  RATE_LIMITED: { en: 'Too many requests', zh: '请求过于频繁，请稍后再试' },

  // ── Framework answers (a route that does not exist, an unexpected failure) ────────────────
  // Nest's own HTTP exceptions are answered with the name of their status as the code.
  NOT_FOUND: { en: 'Not found', zh: '未找到' },
  UNAUTHORIZED: { en: 'Unauthorised', zh: '未授权' },
  FORBIDDEN: { en: 'Forbidden', zh: '禁止访问' },
  METHOD_NOT_ALLOWED: { en: 'Method not allowed', zh: '不支持该请求方法' },
  PAYLOAD_TOO_LARGE: { en: 'The request body is too large', zh: '请求内容过大' },
  UNSUPPORTED_MEDIA_TYPE: {
    en: 'Unsupported media type',
    zh: '不支持的内容类型或字符集，请以 UTF-8 编码的 JSON 提交',
  },
  MALFORMED_JSON: { en: 'The request body is not valid JSON', zh: '请求内容不是有效的 JSON' },
  INPUT_TOO_DEEP: { en: 'The request is nested too deeply', zh: '请求数据嵌套层级过深' },
  CONTROL_CHARACTER_IN_INPUT: {
    en: 'The request contains a control character',
    zh: '请求数据中含有控制字符（如 NUL），请删除后重新提交',
  },
  HTTP_ERROR: { en: 'The request failed', zh: '请求失败' },
  INTERNAL_ERROR: { en: 'Internal error', zh: '系统内部错误' },

  // ── Business date (close of business, 日终) ──────────────────────────────────────────────
  MANUAL_DATE_DISABLED: {
    en: 'In production only the nightly schedule advances the business date',
    zh: '生产环境只能由日终批处理推进业务日期',
  },
  BUSINESS_DATE_NOT_FORWARD: {
    en: 'The business date only moves forward',
    zh: '业务日期只能向后推进',
  },
  BUSINESS_DATE_CONFLICT: {
    en: 'Another close of business moved the business date meanwhile',
    zh: '业务日期已被另一次日终处理推进',
  },

  // ── IP asset register and its CSV import ─────────────────────────────────────────────────
  CSV_REQUIRED: { en: 'Send the CSV as text/csv', zh: '请以 text/csv 格式提交 CSV 文件' },
  CSV_HEADER: { en: 'The CSV header is not the expected one', zh: 'CSV 表头与规定格式不符' },
  CSV_INVALID: { en: 'The CSV file has invalid rows', zh: 'CSV 文件存在无效行' },

  // ── Exports (reports generated on the queue) ─────────────────────────────────────────────
  UNKNOWN_EXPORT_KIND: { en: 'No such report', zh: '不存在该报表' },
  INVALID_EXPORT_FILTER: { en: 'The export filter is not valid', zh: '导出筛选条件无效' },
  EXPORT_NOT_FOUND: { en: 'No such export of yours', zh: '导出任务不存在' },
  EXPORT_NOT_READY: { en: 'The export file is not ready yet', zh: '导出文件尚未生成' },
  EXPORT_FAILED: { en: 'The export failed', zh: '导出失败' },

  // ── Loan case: opening, transitions, valuation, contract, registration, repayment ─────────
  CASE_NOT_FOUND: { en: 'No such case', zh: '案件不存在' },
  CASE_ALREADY_EXISTS: { en: 'The case already exists', zh: '案件已存在' },
  INVALID_TRANSITION: {
    en: 'The current status does not allow this step',
    zh: '当前状态不允许此操作',
  },
  UNKNOWN_PRODUCT: { en: 'No such loan product for this bank', zh: '该银行没有此贷款产品' },
  USCC_CONFIRMATION_REQUIRED: {
    en: 'The USCC check digit does not match and must be confirmed explicitly',
    zh: '统一社会信用代码校验位不符，需要明确确认',
  },
  DUPLICATE_ASSET: { en: 'The same asset is listed twice', zh: '同一知识产权重复列出' },
  DUPLICATE_REFERENCE: {
    en: 'This business reference is already used by another transaction',
    zh: '该业务流水号已用于另一笔业务',
  },
  FOUR_EYES_VIOLATION: {
    en: 'Four-eyes rule: the approver must not be the preparer',
    zh: '违反双人复核原则：审批人不能是经办人',
  },
  REASON_REQUIRED: { en: 'A reason is required', zh: '必须填写原因' },
  IP_CHECK_FAILED: { en: 'The pre-filing IP check failed', zh: '知识产权预审未通过' },
  VALUATION_ASSETS_MISMATCH: {
    en: 'The valuation report must value each pledged asset exactly once',
    zh: '评估报告须对每项质押资产各评估一次',
  },
  VALUATION_MISSING: { en: 'The case has no valuation yet', zh: '案件尚无评估报告' },
  VALUATION_EXPIRED: { en: 'The valuation report has expired', zh: '评估报告已过有效期' },
  LTV_EXCEEDED: {
    en: 'The loan amount exceeds the loan-to-value limit',
    zh: '贷款金额超过质押率上限',
  },
  INVALID_IP_SECURED_SHARE: {
    en: 'The IP-secured share is a fraction above 0 and at most 1',
    zh: '知识产权担保占比须大于0且不超过1',
  },
  INVALID_RISK_SHARING: {
    en: 'Risk shares are whole basis points that add up to 10000',
    zh: '风险分担比例须为整数基点且合计为10000',
  },
  INVALID_REFUSAL_REASON: { en: 'Unknown registration refusal reason', zh: '登记驳回原因无效' },
  DUPLICATE_REPORT: { en: 'This report was already recorded', zh: '该报告已登记' },
  INVALID_VALUE_DATE: { en: 'The value date is not allowed', zh: '起息日不符合要求' },
  OVERPAYMENT: { en: 'The payment exceeds what is owed', zh: '还款金额超过应还金额' },
  SETTLEMENT_AMOUNT_MISMATCH: {
    en: 'The settlement amount does not match what is owed',
    zh: '结清金额与应还金额不符',
  },
  RELEASE_ALREADY_REQUESTED: {
    en: 'The pledge release is already requested',
    zh: '已申请解除质押',
  },
  RELEASE_NOT_REQUESTED: { en: 'No pledge release was requested', zh: '尚未申请解除质押' },
  // Dates of a case that may not contradict each other.
  CONTRACT_SIGNED_AFTER_BUSINESS_DATE: {
    en: 'The contract cannot be signed after the business date',
    zh: '合同签订日不能晚于当前营业日',
  },
  CONTRACT_SIGNED_BEFORE_APPROVAL: {
    en: 'The contract cannot be signed before the credit approval',
    zh: '合同签订日不能早于授信审批日',
  },
  DISBURSEMENT_AFTER_BUSINESS_DATE: {
    en: 'The disbursement value date cannot be after the business date',
    zh: '放款起息日不能晚于当前营业日',
  },
  DISBURSEMENT_BEFORE_CONTRACT: {
    en: 'The disbursement value date cannot be before the contract was signed',
    zh: '放款起息日不能早于合同签订日',
  },
  DISBURSEMENT_BEFORE_REGISTRATION: {
    en: 'The disbursement value date cannot be before the pledge registration',
    zh: '放款起息日不能早于质押登记日',
  },
  REPAYMENT_BEFORE_DISBURSEMENT: {
    en: 'The repayment value date cannot be before the disbursement',
    zh: '还款起息日不能早于放款日',
  },
  REPAYMENT_AFTER_BUSINESS_DATE: {
    en: 'The repayment value date cannot be after the business date',
    zh: '还款起息日不能晚于当前营业日',
  },

  // ── Loan case: grounds of the pre-filing check (refused as the code of the first ground) ───
  ASSET_NOT_FOUND: { en: 'The asset is not in the register', zh: '登记簿中没有该知识产权' },
  PLEDGOR_NOT_OWNER: {
    en: 'The pledgor is not the registered owner',
    zh: '出质人不是登记的权利人',
  },
  ASSET_LAPSED: { en: 'The right has lapsed', zh: '该权利已失效' },
  ASSET_INVALIDATED: { en: 'The right has been invalidated', zh: '该权利已被宣告无效' },
  ASSET_NOT_GRANTED: { en: 'The application has not been granted', zh: '该申请尚未授权' },
  ANNUAL_FEE_UNPAID: { en: 'The annual fee is unpaid', zh: '年费未缴' },
  ASSET_FROZEN: {
    en: 'The right is frozen by a court preservation order',
    zh: '该权利已被法院保全冻结',
  },
  OWNERSHIP_DISPUTE: {
    en: 'Proceedings are suspended for an ownership dispute',
    zh: '因权属纠纷程序中止',
  },
  DEBT_TERM_EXCEEDS_ASSET_TERM: {
    en: "The secured debt's term runs past the right's term",
    zh: '被担保债权期限超过权利有效期',
  },
  CO_OWNER_CONSENT_MISSING: { en: 'A co-owner has not consented', zh: '共有人未同意出质' },
  ASSET_ALREADY_PLEDGED: {
    en: 'The asset already carries an active pledge',
    zh: '该知识产权已存在有效质押',
  },
  INVALIDATION_PENDING_UNCONFIRMED: {
    en: 'Invalidation proceedings are pending and the parties have not confirmed',
    zh: '无效宣告程序进行中且当事人未确认继续办理',
  },

  // ── Loan case: reasons a registration clerk gives for refusing a filing (recorded on the
  //    case, shown in the disposal file; not answered as HTTP errors) ─────────────────────────
  NOT_REGISTERED_OWNER: { en: 'Pledgor is not the registered owner', zh: '出质人非登记权利人' },
  LAPSED_OR_INVALIDATED: { en: 'Right lapsed or invalidated', zh: '权利已失效或被宣告无效' },
  NOT_GRANTED: { en: 'Application not yet granted', zh: '申请尚未授权' },
  FROZEN_OR_DISPUTED: {
    en: 'Frozen or suspended for an ownership dispute',
    zh: '权利被冻结或因权属纠纷中止',
  },
  DEBT_TERM_EXCEEDS_RIGHT: {
    en: "Secured debt's term runs past the right's term",
    zh: '债权期限超过权利有效期',
  },
  CONTRACT_DEFECTIVE: { en: 'Pledge contract defective', zh: '质押合同存在缺陷' },
  ALREADY_PLEDGED: { en: 'Already pledged', zh: '已被质押' },
  SAME_DAY_DUAL_FILING: {
    en: 'Same-day utility model and invention for one creation',
    zh: '同一发明创造同日申请实用新型和发明',
  },
  INVALIDATION_PENDING: { en: 'Invalidation proceedings pending', zh: '无效宣告程序进行中' },
  FORFEITURE_CLAUSE: {
    en: 'Contract hands the right to the pledgee on default',
    zh: '合同约定债务不履行时质物归质权人所有（流质条款）',
  },
  OTHER_INELIGIBLE: { en: 'Otherwise ineligible', zh: '其他不符合条件的情形' },

  // ── Compensation claim and compensation fund (risk sharing on default) ─────────────────────
  CLAIM_NOT_FOUND: { en: 'No such claim', zh: '申请不存在' },
  INVALID_CLAIM_STATUS: {
    en: 'The compensation claim does not allow this step now',
    zh: '补偿申请当前状态不允许此操作',
  },
  FUND_TRIGGER_NOT_REACHED: {
    en: 'The loan has not been non-performing long enough to claim from the fund',
    zh: '贷款不良天数未达到风险补偿资金的申请条件',
  },
  FUND_BALANCE_EXHAUSTED: {
    en: 'The compensation fund balance is insufficient',
    zh: '风险补偿资金余额不足',
  },
  FUND_NOT_FOUND: { en: 'No such compensation fund', zh: '风险补偿资金不存在' },
  INVALID_RISK_SCHEME: { en: 'The risk-sharing scheme is not valid', zh: '风险分担方案无效' },
  UNKNOWN_RISK_SCHEME: {
    en: 'The risk-sharing scheme is not configured',
    zh: '未配置该风险分担方案',
  },
  INVALID_DELINQUENCY_BUCKETS: {
    en: 'The delinquency buckets are not valid',
    zh: '逾期分档配置无效',
  },
  COMPENSATION_CONFIRMER_CANNOT_PAY: {
    en: 'Four eyes: the insurer user who confirmed the claim may not pay it',
    zh: '违反双人复核原则：确认理赔的保险公司人员不能同时支付',
  },
  COMPENSATION_REVIEWER_CANNOT_PAY: {
    en: 'Four eyes: the fund user who reviewed the claim may not pay it',
    zh: '违反双人复核原则：审核补偿申请的基金人员不能同时支付',
  },
  PAYMENT_REFERENCE_ALREADY_USED: {
    en: 'The payer has already used this payment reference',
    zh: '该付款方已使用过此付款流水号',
  },

  // ── Disposal (auction rounds, transfer, waterfall) ───────────────────────────────────────
  DISPOSAL_ALREADY_STARTED: { en: 'The disposal has already started', zh: '质押物处置已启动' },
  DISPOSAL_NOT_FOUND: { en: 'The case has no disposal', zh: '该案件尚无质押物处置' },
  NO_DISPOSAL: {
    en: 'The case has no disposal, so there is no disposal file',
    zh: '该案件尚无质押物处置，没有处置档案',
  },
  DISPOSAL_OUTCOME_REFUSED: {
    en: 'The case refused the disposal outcome',
    zh: '案件拒绝接收处置结果',
  },
  INVALID_DISPOSAL_METHOD: { en: 'The disposal method is not valid', zh: '处置方式无效' },
  INVALID_AUCTION_RULES: { en: 'The auction rules are not valid', zh: '拍卖规则无效' },
  STARTING_PRICE_BELOW_FLOOR: {
    en: "The first round's starting price is below the disposal floor",
    zh: '首轮起拍价低于处置底价',
  },
  PRICE_CUT_TOO_LARGE: {
    en: 'The starting price falls by more than the allowed cut',
    zh: '起拍价降幅超过规定上限',
  },
  TOO_MANY_ROUNDS: { en: 'The auction has used up its rounds', zh: '拍卖轮次已超过上限' },
  ROUND_STILL_OPEN: { en: 'The auction round is still open', zh: '本轮拍卖尚未结束' },
  NO_OPEN_ROUND: { en: 'No auction round is open for bids', zh: '当前没有正在竞价的拍卖轮次' },
  ROUND_NOT_ENDED: {
    en: 'The auction round has not reached its end yet',
    zh: '本轮拍卖尚未到结束日，不能结束本轮',
  },
  ADMINISTRATOR_APPROVAL_REQUIRED: {
    en: 'A transfer below the floor needs an administrator approval with a reason',
    zh: '低于处置底价的转让须经管理员批准并说明理由',
  },
  INVALID_WATERFALL_INPUT: {
    en: 'The proceeds waterfall input is not valid',
    zh: '处置款分配参数无效',
  },

  // ── Subsidy claim and subsidy policy ─────────────────────────────────────────────────────
  INVALID_POLICY: { en: 'The subsidy policy is not valid', zh: '补贴政策参数无效' },
  POLICY_NOT_FOUND: {
    en: 'No subsidy policy applies in this district',
    zh: '该区没有适用的补贴政策',
  },
  POLICY_BACKDATED: {
    en: 'A new policy version may not take effect before the business date',
    zh: '新政策版本的生效日不得早于当前业务日期',
  },
  POLICY_VERSION_CONFLICT: {
    en: 'The subsidy policy version changed meanwhile; retry',
    zh: '补贴政策版本冲突，请重试',
  },
  LPR_NOT_FOUND: {
    en: 'No loan prime rate applies on that date',
    zh: '该日期没有适用的贷款市场报价利率（LPR）',
  },
  INVALID_SUBSIDY_INPUT: {
    en: 'The subsidy calculation input is not valid',
    zh: '补贴计算参数无效',
  },
  UNKNOWN_INSURER: { en: 'No such insurer', zh: '保险公司不存在' },
  DUPLICATE_SUBSIDY: {
    en: 'This loan period or premium is already subsidised; no double subsidy in the city',
    zh: '该贷款期间或保费已申领补贴，全市不得重复补贴',
  },
  NOT_ELIGIBLE: { en: 'The loan does not meet the subsidy policy', zh: '不符合补贴政策条件' },
  BUDGET_EXHAUSTED: { en: 'The subsidy budget is insufficient', zh: '补贴预算额度不足' },
  BUDGET_YEAR_CLOSED: { en: 'The budget year is closed', zh: '该预算年度已结束' },
  CLAIM_NOT_READY: {
    en: 'The subsidy claim is not fully registered yet',
    zh: '补贴申请尚未登记完成',
  },
  CLAIM_NOT_REVIEWED: { en: 'The subsidy claim has not been reviewed yet', zh: '补贴申请尚未初审' },
  ALREADY_REVIEWED: { en: 'The subsidy claim was already reviewed', zh: '补贴申请已初审' },
  INVALID_CLAIM_TRANSITION: {
    en: 'The subsidy claim does not allow this step now',
    zh: '补贴申请当前状态不允许此操作',
  },
  CASE_NOT_DISBURSED: { en: 'The loan has not been disbursed', zh: '贷款尚未放款' },
  INVALID_INSTALMENT_RANGE: {
    en: 'The claimed instalments are not in the repayment schedule',
    zh: '申请期数不在还款计划内',
  },
  PREMIUM_MISMATCH: {
    en: 'The premium confirmed by the insurer differs from the claim',
    zh: '保险公司确认的保费与申请不符',
  },
  DUPLICATE_PAYMENT_REFERENCE: {
    en: 'The payment reference is already used',
    zh: '付款凭证号已使用',
  },
  PAYMENT_BY_APPROVER: {
    en: 'The approver of a claim may not record its payment; another district user must',
    zh: '补贴申请的审批人不得登记付款，须由区内其他人员办理',
  },
  TOP_UP_SELF_APPROVAL: {
    en: 'A top-up must be approved by someone other than the person who proposed it',
    zh: '追加资金须由提议人以外的人员审批',
  },
  TOP_UP_ABOVE_MAXIMUM: {
    en: 'The top-up exceeds the most one top-up may bring',
    zh: '单笔追加金额超过上限',
  },
  INSTALMENT_PERIOD_NOT_ENDED: {
    en: 'A claimed instalment’s period has not ended yet',
    zh: '申请期数的计息期尚未届满',
  },
  INTEREST_PAID_BEFORE_PERIOD: {
    en: 'A claimed instalment’s interest was paid before its period began',
    zh: '申请期数的利息支付日早于该计息期起始日',
  },
  CLAIM_WINDOW_CLOSED: {
    en: "The policy's claim window has closed",
    zh: '已超过补贴政策规定的申请期限',
  },
  TOP_UP_NOT_FOUND: { en: 'No such top-up proposal', zh: '追加资金提议不存在' },
  TOP_UP_NOT_PROPOSED: {
    en: 'The top-up is no longer awaiting approval',
    zh: '该追加资金提议已不在待审批状态',
  },
  TOP_UP_REFERENCE_CONFLICT: {
    en: 'The document number is already used by a different top-up of this pool',
    zh: '该文号已用于本资金池的另一笔追加',
  },

  // ── Working calendar (工作日): public holidays and make-up working days, as data ──────────
  CALENDAR_YEAR_NOT_COVERED: {
    en: 'The working calendar has no holiday arrangement loaded for that year',
    zh: '工作日历尚未载入该年度的节假日安排',
  },
  INVALID_WORKING_CALENDAR: { en: 'The working calendar data is invalid', zh: '工作日历数据无效' },
  INVALID_WORKING_DAYS: {
    en: 'Working days must be a whole number of at least 1',
    zh: '工作日天数须为不小于1的整数',
  },
  WORKING_CALENDAR_NOT_FOUND: {
    en: 'No holiday arrangement is loaded for that year',
    zh: '尚未载入该年度的节假日安排',
  },

  // ── Master data: the enterprise register (企业名录), lookups ────────────────
  INVALID_RESIDENT_ID: {
    en: 'The resident identity number is not valid (format, birth date or check character)',
    zh: '居民身份证号码无效（格式、出生日期或校验码有误）',
  },
  ENTERPRISE_NOT_FOUND: { en: 'No such enterprise in the register', zh: '企业名录中无此企业' },
  ENTERPRISE_ALREADY_REGISTERED: {
    en: 'The enterprise is already in the register',
    zh: '该企业已在企业名录中登记',
  },
  ENTERPRISE_NOT_REGISTERED: {
    en: 'Register the enterprise before opening a case for it',
    zh: '请先在企业名录中登记该企业，再为其立案',
  },
  ENTERPRISE_PENDING_CONFIRMATION: {
    en: "The enterprise's registered district awaits a second person's confirmation",
    zh: '该企业的注册区待第二人确认，暂不能立案',
  },
  ENTERPRISE_NOT_PENDING: {
    en: 'The enterprise has no district awaiting confirmation',
    zh: '该企业没有待确认的注册区',
  },
  DISTRICT_CONFIRMATION_SAME_USER: {
    en: 'The district must be confirmed by a different user than the one who registered it',
    zh: '注册区须由登记人以外的另一人确认',
  },
  UNKNOWN_ORGANISATION_KIND: { en: 'Unknown organisation kind', zh: '机构类型无效' },
  // Disposal market: checked bidders and deposits, below-floor grounds, write-off approval,
  // transfer registration
  BIDDER_INVALID_USCC: {
    en: 'The bidder must be identified by a valid unified social credit code',
    zh: '竞买人须以有效的统一社会信用代码登记',
  },
  BIDDER_INVALID_RESIDENT_ID: {
    en: 'The bidder must be identified by a valid resident identity number',
    zh: '竞买人须以有效的居民身份证号码登记',
  },
  BIDDER_IS_PLEDGOR: {
    en: 'The pledgor may not bid on its pledged asset',
    zh: '出质人不得竞买其出质的知识产权',
  },
  BIDDER_IS_LEGAL_REPRESENTATIVE: {
    en: "The pledgor's legal representative may not bid on the pledged asset",
    zh: '出质人的法定代表人不得竞买该质押知识产权',
  },
  BIDDER_IS_LENDING_BANK: {
    en: 'The lending bank may not bid on the pledged asset',
    zh: '贷款银行（质权人）不得竞买该质押知识产权',
  },
  BIDDER_ALREADY_REGISTERED: {
    en: 'This bidder is already registered for the disposal',
    zh: '该竞买人已登记参与本次处置',
  },
  BIDDER_NOT_REGISTERED: {
    en: 'The bid must name a bidder registered for the disposal',
    zh: '出价须来自已登记的竞买人',
  },
  BIDDER_DEPOSIT_MISSING: {
    en: 'The bidder has not paid its deposit',
    zh: '竞买人尚未缴纳保证金，不得出价',
  },
  DEPOSIT_ALREADY_RECORDED: {
    en: "The bidder's deposit is already recorded",
    zh: '该竞买人的保证金已登记',
  },
  DEPOSIT_DATE_IN_FUTURE: {
    en: 'A deposit cannot be paid after the business date',
    zh: '保证金缴纳日期不得晚于当前营业日',
  },
  UNKNOWN_BELOW_FLOOR_GROUND: {
    en: 'Unknown ground for a sale below the floor',
    zh: '低于底价出售的理由不在规定范围内',
  },
  BELOW_FLOOR_NEEDS_FAILED_ROUND_OR_GROUND: {
    en: 'A sale below the floor needs an auction round closed unsold first, or a listed ground',
    zh: '低于底价出售须先有一轮拍卖流拍，或写明规定的理由',
  },
  WRITE_OFF_SELF_APPROVAL: {
    en: 'A write-off is approved by another user than the one who proposed it',
    zh: '核销须由申请人以外的另一人批准',
  },
  NO_PENDING_TRANSFER: {
    en: 'The disposal has no transfer waiting to be registered',
    zh: '本次处置没有待办理的转让登记',
  },
  TRANSFER_DATE_BEFORE_SALE: {
    en: 'The transfer cannot be registered before the sale completed',
    zh: '转让登记日期不得早于成交完成日期',
  },
  TRANSFER_DATE_IN_FUTURE: {
    en: 'The transfer cannot be registered later than the business date',
    zh: '转让登记日期不得晚于当前营业日',
  },

  // ── Disposal economics: penalty interest in the settlement ───────────────────────────────
  INVALID_PENALTY_TERMS: {
    en: "The product's penalty-interest terms are not valid",
    zh: '产品罚息条款无效',
  },
  // Default proposal (maker-checker) and case owner reassignment
  DEFAULT_REASON_REQUIRED: {
    en: 'A default proposal needs a reason code from the list of default reasons',
    zh: '提议违约须从违约原因列表中选择原因',
  },
  DEFAULT_REASON_INVALID: {
    en: 'This default reason is not allowed for the case now',
    zh: '该违约原因不适用于本案件当前情况',
  },
  DEFAULT_REASON_TEXT_TOO_SHORT: {
    en: 'The reason OTHER needs a description of at least 20 characters',
    zh: '选择“其他”原因时，说明不得少于20个字',
  },
  DEFAULT_ON_DISBURSEMENT_DATE: {
    en: 'A default may not be proposed on the disbursement date',
    zh: '放款当日不得提议违约',
  },
  DEFAULT_PROPOSAL_PENDING: {
    en: 'A default proposal is already awaiting a decision on this case',
    zh: '本案件已有待审批的违约提议',
  },
  DEFAULT_NOT_PROPOSED: {
    en: 'No default proposal awaits a decision on this case',
    zh: '本案件没有待审批的违约提议',
  },
  DEFAULT_PROPOSER_CANNOT_CONFIRM: {
    en: 'The user who proposed the default may not decide on it',
    zh: '违约提议人不得审批自己的提议',
  },
  OWNER_UNKNOWN_USER: { en: 'No such user', zh: '用户不存在' },
  OWNER_NOT_LOAN_OFFICER_OF_BANK: {
    en: "The new owner must be an enabled loan officer of the case's bank",
    zh: '新负责人须为本案件贷款银行在职的客户经理',
  },
  OWNER_UNCHANGED: {
    en: 'The user already owns the case',
    zh: '该用户已是本案件负责人',
  },
  // Planned annual budgets
  BUDGET_PLAN_YEAR_OPEN: {
    en: 'The budget year is already open: raise its pool by a top-up',
    zh: '该预算年度资金池已开立，请通过追加资金提议增加预算',
  },
  BUDGET_PLAN_ABOVE_MAXIMUM: {
    en: 'The planned budget is above the maximum',
    zh: '年度预算计划金额超过上限',
  },

  // ── Register records that cannot be true ─────────────────────────────────────────────────
  INVALID_ASSET_RECORD: {
    en: 'The asset record cannot be true: an empty title, a grant in the future or an impossible expiry',
    zh: '知识产权登记信息不实：名称为空、授权日期晚于当前业务日期或到期日期不合理',
  },
  INVALID_CONTRACT_RATE: {
    en: 'The contract rate must be above 0 and at most 24 % a year',
    zh: '合同利率须大于0且不超过年化24%（请以小数填写，如 0.0345）',
  },
  // Authorisation matrix: list filters the caller may not use
  FILTER_FORBIDDEN: {
    en: 'This filter names an organisation, district or enterprise outside what you may see',
    zh: '筛选条件超出当前机构的可见范围（如其他银行、其他区或其他企业），不得使用',
  },
  // Fuzzer findings (issue 11): refusals of the HTTP parser itself.
  REQUEST_HEADERS_TOO_LARGE: {
    en: 'The request line and headers are too large',
    zh: '请求行或请求头过大',
  },
  // Programme indicators (issue 12): figures are read as of a date already reached.
  AS_OF_AFTER_BUSINESS_DATE: {
    en: 'Indicators are counted up to a date no later than the business date',
    zh: '统计截止日期不得晚于当前业务日期',
  },
  // Work inbox (issue 12): the time limits of tasks
  TASK_SLA_INVALID: {
    en: 'A task time limit must be 1 to 60 working days, due soon from 0 to below the limit',
    zh: '待办时限须为1至60个工作日，临期提醒天数须不小于0且小于时限',
  },
  TASK_SLA_UNKNOWN_KIND: {
    en: 'No such task is done by this kind of organisation',
    zh: '该类机构没有此类待办，无法设置时限',
  },
  // Notifications and webhooks (issue 14).
  NOTIFICATION_NOT_FOUND: { en: 'No such notification of yours', zh: '通知不存在' },
  WEBHOOK_ENDPOINT_NOT_FOUND: {
    en: 'No such webhook endpoint of your organisation',
    zh: '本机构没有该 Webhook 地址',
  },
  WEBHOOK_URL_NOT_ALLOWED: {
    en: 'A webhook endpoint must be an https:// URL (http:// only outside production)',
    zh: 'Webhook 地址必须为 https://（仅非生产环境允许 http://）',
  },
  WEBHOOK_DELIVERY_NOT_FOUND: { en: 'No such webhook delivery', zh: 'Webhook 投递记录不存在' },
  WEBHOOK_DELIVERY_NOT_DEAD: {
    en: 'Only a dead-lettered webhook delivery can be replayed',
    zh: '只有已进入死信的 Webhook 投递才能重放',
  },
  WEBHOOK_ENDPOINT_DELETED: {
    en: 'The delivery’s webhook endpoint was deleted',
    zh: '该投递的 Webhook 地址已删除',
  },
  ORGANISATION_NOT_FOUND: { en: 'No such organisation', zh: '机构不存在' },
  // Collateral watch, revaluation and covenants (issue 14)
  ASSET_EVENT_NOT_APPLICABLE: {
    en: 'This legal event cannot happen to the asset in its present state',
    zh: '该登记事项不适用于此知识产权的当前法律状态',
  },
  ASSET_EVENT_INCOMPLETE: {
    en: 'The legal event lacks the fact it records',
    zh: '登记事项缺少必要信息（如缴费截止日、无效宣告结论、新权利人或续展后到期日）',
  },
  UNKNOWN_ASSET_EVENT: { en: 'Unknown legal event', zh: '登记事项类型无效' },
  SUBSIDY_HELD_COLLATERAL_IMPAIRED: {
    en: 'The loan’s collateral is impaired: new subsidy claims are held',
    zh: '该贷款质押物已受损（失效、被宣告无效或被保全冻结），暂停受理新的补贴申请',
  },
  COLLATERAL_LOAN_NOT_LIVE: {
    en: 'The loan is not live (disbursed and not yet repaid or defaulted)',
    zh: '该贷款不在存续期（未放款、已结清或已违约）',
  },
  COLLATERAL_NOT_IMPAIRED: {
    en: 'The loan’s collateral is not impaired: there is nothing to decide',
    zh: '该贷款质押物未受损，无需作出追加担保或提前收回决定',
  },
  COVENANT_NOT_FOUND: { en: 'No such covenant on this loan', zh: '该贷款无此约定事项' },
  COVENANT_NOT_OPEN: {
    en: 'The covenant was already recorded as fulfilled or breached',
    zh: '该约定事项已登记为履行或违约',
  },
  SERVICE_UNAVAILABLE: {
    en: 'A service the system depends on (the database or Redis) is unavailable for a moment; retry the same request later',
    zh: '系统依赖的服务（数据库或 Redis）暂时不可用，请稍后重试同一请求',
  },
} as const satisfies Record<string, { en: string; zh: string }>;

/** A stable error code: a row of {@link ERROR_CATALOGUE}. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Each code under its own name, for call sites that prefer `ErrorCodes.INVALID_RATE`. */
export const ErrorCodes = Object.freeze(
  Object.fromEntries(Object.keys(ERROR_CATALOGUE).map((code) => [code, code])),
) as { readonly [C in ErrorCode]: C };

/** Whether a code that arrived as text (an ApplicationFailure's type, say) is catalogued. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, code);
}

/** The Chinese message of a code, if catalogued. */
export function zhMessageFor(code: string): string | undefined {
  return isErrorCode(code) ? ERROR_CATALOGUE[code].zh : undefined;
}

/** The English message of a code, if catalogued. */
export function enMessageFor(code: string): string | undefined {
  return isErrorCode(code) ? ERROR_CATALOGUE[code].en : undefined;
}
