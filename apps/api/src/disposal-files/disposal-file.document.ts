import { dateZh, instantZh, percentZh, yuanZh } from '../../../../libs/documents/src/format-zh';
import {
  keep,
  type PrintableCell,
  type PrintableDocument,
  type PrintableRun,
  type PrintableSection,
} from '../../../../libs/documents/src/printable-pdf';
import {
  BELOW_FLOOR_GROUNDS,
  type SettlementInterestInYuan,
} from '../../../../libs/domain/src/disposal';
import { SHANGHAI_DISTRICTS } from '../../../../libs/domain/src/districts';
import { DEFAULT_REASONS } from '../../../../libs/domain/src/loan-case/loan-case.default-proposal';
import {
  ASSET_KIND_ZH,
  AUDIT_ACTION_ZH,
  BIDDER_KIND_ZH,
  CASE_EVENT_ZH,
  CASE_STATUS_ZH,
  CLAIM_LIMIT_ZH,
  CLAIM_PAYER_ZH,
  CLAIM_STATUS_ZH,
  DEFAULT_KIND_ZH,
  DELINQUENCY_BUCKET_ZH,
  DISPOSAL_EVENT_ZH,
  DISPOSAL_METHOD_ZH,
  DISPOSAL_STATUS_ZH,
  DISTRIBUTION_OUTCOME_ZH,
  FILING_OUTCOME_ZH,
  FINDING_SEVERITY_ZH,
  INTEREST_LINE_ZH,
  LEGAL_STATUS_ZH,
  LOSS_BASE_ZH,
  LOSS_PARTY_ZH,
  PLEDGE_STATUS_ZH,
  REGISTRATION_REFUSAL_REASON_ZH,
  RELEASE_GROUND_ZH,
  REPAYMENT_METHOD_ZH,
  ROLE_ZH,
  ROUND_OUTCOME_ZH,
  VALUATION_METHOD_ZH,
  VALUATION_SOURCE_ZH,
  zhName,
} from '../../../../libs/domain/src/names-zh';
import type { DecisionKind, DisposalFile, EventSource, FileActor } from './disposal-file';

const DECISION_KIND_ZH: Readonly<Record<DecisionKind, string>> = {
  CREDIT_APPROVAL: '授信审批',
  DEFAULT_DECLARATION: '认定违约',
  AUTOMATIC_DEFAULT: '自动认定违约',
  INSURANCE_CLAIM_CONFIRMATION: '确认保险理赔',
  INSURANCE_CLAIM_PAYMENT: '支付保险理赔',
  FUND_CLAIM_REVIEW: '审核风险补偿申请',
  FUND_CLAIM_PAYMENT: '支付风险补偿',
  DISPOSAL_START: '启动质押物处置',
  VALUATION_REFRESH: '重新评估',
  METHOD_CHOICE: '选择处置方式',
  ROUND_OPENING: '开始拍卖轮次',
  ROUND_CLOSING: '结束拍卖轮次',
  SALE_PROPOSAL: '提议成交',
  BELOW_FLOOR_APPROVAL: '批准低于底价成交',
  SALE_COMPLETION: '完成交易',
  DISPOSAL_WRITE_OFF: '处置核销',
  WRITE_OFF_PROPOSAL: '提议核销',
  WRITE_OFF_APPROVAL: '批准核销',
  TRANSFER_REGISTRATION: '登记权利转移',
  LOAN_WRITE_OFF: '贷款损失核销',
};

const SOURCE_ZH: Readonly<Record<EventSource | 'LEDGER', string>> = {
  CASE: '案件',
  DISPOSAL: '处置',
  LEDGER: '台账',
};

const NONE = '—';
const YES_NO = (value: boolean) => (value ? '是' : '否');

const yuan = (amount: string | null | undefined): PrintableRun =>
  amount === null || amount === undefined ? NONE : keep(yuanZh(amount));
const date = (value: string | null | undefined): PrintableRun =>
  value ? keep(dateZh(value)) : NONE;
const instant = (value: string | null | undefined): PrintableRun =>
  value ? keep(instantZh(value)) : NONE;
const percent = (ratio: string | null | undefined): PrintableRun =>
  ratio === null || ratio === undefined ? NONE : keep(percentZh(ratio));
const id = (value: string | null | undefined): PrintableRun => (value ? keep(value) : NONE);
const text = (value: string | null | undefined): string => (value ? value : NONE);
const who = (actor: FileActor | null): PrintableRun[] =>
  actor ? [keep(actor.userId), `（${zhName(ROLE_ZH, actor.role)}）`] : ['系统（自动）'];
/** Cells stacked line under line. */
const lines = (...parts: (PrintableRun | PrintableRun[])[]): PrintableRun[] =>
  parts.flatMap((part, i) => [...(i > 0 ? ['\n'] : []), ...(Array.isArray(part) ? part : [part])]);

/** A default reason keeps its code in front ("PAST_DUE: …"); the code prints as its name. */
function reasonText(reason: string | null): string {
  if (!reason) return NONE;
  const match = /^([A-Z_]+): ?([\s\S]*)$/.exec(reason);
  const named = match && DEFAULT_REASONS[match[1] as keyof typeof DEFAULT_REASONS];
  return named ? `${named.zh}：${match[2]}` : reason;
}

// --- Structured details (event payloads, rules, records) as label: value lines ----------------

/** Every code list a detail's value may come from, for names without a known key. */
const ANY_CODE: Readonly<Record<string, string>> = {
  ...CASE_STATUS_ZH,
  ...DISPOSAL_STATUS_ZH,
  ...DISPOSAL_METHOD_ZH,
  ...VALUATION_METHOD_ZH,
  ...ROUND_OUTCOME_ZH,
  ...BIDDER_KIND_ZH,
  ...ASSET_KIND_ZH,
  ...RELEASE_GROUND_ZH,
  ...CLAIM_STATUS_ZH,
  ...CLAIM_LIMIT_ZH,
  ...ROLE_ZH,
  ...LOSS_BASE_ZH,
  ...Object.fromEntries(Object.entries(DEFAULT_REASONS).map(([code, r]) => [code, r.zh])),
  ...Object.fromEntries(Object.entries(BELOW_FLOOR_GROUNDS).map(([code, g]) => [code, g.zh])),
  // Timeline events last: CASE and REFRESHED as sources, not the case's events.
  ...VALUATION_SOURCE_ZH,
  ...CASE_EVENT_ZH,
  ...DISPOSAL_EVENT_ZH,
};

type ValueKind = 'yuan' | 'date' | 'instant' | 'percent' | 'bp' | 'id' | 'code' | 'text';

/** The keys details carry, with their Chinese label and how their value prints. */
const DETAIL_KEYS: Readonly<Record<string, [label: string, kind: ValueKind]>> = {
  amount: ['金额', 'yuan'],
  price: ['价格', 'yuan'],
  floor: ['处置底价', 'yuan'],
  proceeds: ['处置款', 'yuan'],
  costs: ['处置费用', 'yuan'],
  startingPrice: ['起拍价', 'yuan'],
  minimumPrice: ['最低允许起拍价', 'yuan'],
  totalValue: ['评估值', 'yuan'],
  value: ['评估值', 'yuan'],
  maxLoan: ['可贷额度', 'yuan'],
  share: ['应分担额', 'yuan'],
  paid: ['已付', 'yuan'],
  previousStart: ['上轮起拍价', 'yuan'],
  lossBase: ['损失基数', 'yuan'],
  bank: ['银行', 'yuan'],
  fund: ['风险补偿资金', 'yuan'],
  insurer: ['保险公司', 'yuan'],
  guarantor: ['担保机构', 'yuan'],
  deposit: ['保证金', 'yuan'],
  interestDue: ['应收利息', 'yuan'],
  principalDue: ['应收本金', 'yuan'],
  fundPaid: ['风险补偿资金已代偿', 'yuan'],
  insurerPaid: ['保险公司已代偿', 'yuan'],
  riskSharing: ['风险分担', 'text'],
  shares: ['分担额', 'text'],
  winningBid: ['成交出价', 'text'],
  valuation: ['评估', 'text'],
  assets: ['资产', 'text'],
  bankBp: ['银行', 'bp'],
  fundBp: ['风险补偿资金', 'bp'],
  insurerBp: ['保险公司', 'bp'],
  guarantorBp: ['担保机构', 'bp'],
  bids: ['出价数', 'text'],
  principalOutstanding: ['未还本金', 'yuan'],
  interestOutstanding: ['未还利息', 'yuan'],
  on: ['日期', 'date'],
  businessDate: ['业务日', 'date'],
  baseDate: ['基准日', 'date'],
  validUntil: ['有效至', 'date'],
  openedOn: ['开始日', 'date'],
  closesOn: ['截止日', 'date'],
  closedOn: ['结束日', 'date'],
  agreedOn: ['成交日', 'date'],
  paidOn: ['付款日', 'date'],
  recordedOn: ['记录日', 'date'],
  registeredOn: ['登记日', 'date'],
  requestedOn: ['申请日', 'date'],
  proposedOn: ['提议日', 'date'],
  approvedOn: ['批准日', 'date'],
  decidedOn: ['决定日', 'date'],
  nonPerformingSince: ['不良起始日', 'date'],
  at: ['时间', 'instant'],
  openedAt: ['开始时间', 'instant'],
  floorRatio: ['首轮起拍价不低于估值的', 'percent'],
  maxStepCut: ['每轮降幅上限', 'percent'],
  ipSecuredShare: ['知识产权担保占比', 'percent'],
  annualRate: ['年利率', 'percent'],
  roundBusinessDays: ['每轮工作日数', 'text'],
  maxRounds: ['最多轮数', 'text'],
  round: ['轮次', 'text'],
  daysPastDue: ['逾期天数', 'text'],
  seq: ['序号', 'text'],
  winningBidSeq: ['成交出价序号', 'text'],
  buyer: ['买受人', 'id'],
  bidder: ['竞买人', 'id'],
  bidderId: ['竞买人编号', 'id'],
  identity: ['身份号码', 'id'],
  name: ['名称', 'text'],
  reportNumber: ['评估报告号', 'id'],
  reference: ['凭证号', 'id'],
  registrationNumber: ['登记号', 'id'],
  transferId: ['转移编号', 'id'],
  claimId: ['申请编号', 'id'],
  assetNumbers: ['资产', 'id'],
  submittedBy: ['提交人', 'id'],
  recordedBy: ['记录人', 'id'],
  registeredBy: ['登记人', 'id'],
  proposedBy: ['提议人', 'id'],
  approvedBy: ['批准人', 'id'],
  openedBy: ['开始人', 'id'],
  userId: ['人员', 'id'],
  by: ['经办人', 'id'],
  method: ['方式', 'code'],
  status: ['状态', 'code'],
  outcome: ['结果', 'code'],
  kind: ['类型', 'code'],
  source: ['来源', 'code'],
  ground: ['依据', 'code'],
  reasonCode: ['原因', 'code'],
  limitedBy: ['受限于', 'code'],
  scheme: ['风险分担方案', 'id'],
  proposalId: ['提议编号', 'id'],
  workflowId: ['工作流', 'id'],
  number: ['号码', 'id'],
  firmOrgId: ['评估机构', 'id'],
  evaluatorUserId: ['评估师', 'id'],
  submittedOn: ['提交日', 'date'],
  event: ['事件', 'code'],
  belowFloor: ['低于底价', 'text'],
  atOrAboveStart: ['达到起拍价', 'text'],
  reason: ['理由', 'text'],
  note: ['说明', 'text'],
  approval: ['审批', 'text'],
};

const INDENT = '　';

/** Whole basis points as a decimal ratio: "2000" → "0.2000". */
const bpRatio = (bp: string) => {
  const digits = bp.padStart(5, '0');
  return `${digits.slice(0, -4)}.${digits.slice(-4)}`;
};

function valueRun(kind: ValueKind, value: string): PrintableRun {
  switch (kind) {
    case 'yuan':
      return yuan(value);
    case 'date':
      return date(value);
    case 'instant':
      return instant(value);
    case 'percent':
      return percent(value);
    case 'bp':
      // Basis points: 2000 → 20%.
      return /^\d+$/.test(value) ? percent(bpRatio(value)) : value;
    case 'id':
      return keep(value);
    case 'code':
      return zhName(ANY_CODE, value);
    case 'text':
      return /^[A-Z][A-Z0-9_]+$/.test(value) ? zhName(ANY_CODE, value) : value;
  }
}

/** A structured detail as label: value lines; nested members are indented under their label. */
function detailLines(detail: Record<string, unknown>, depth = 0): PrintableRun[][] {
  const out: PrintableRun[][] = [];
  for (const [key, value] of Object.entries(detail)) {
    if (value === null || value === undefined) continue;
    const [label, kind] = DETAIL_KEYS[key] ?? [key, 'text'];
    const prefix = `${INDENT.repeat(depth)}${label}：`;
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object' || v === null)) {
        out.push([
          prefix,
          ...value.flatMap((v, i) => [i > 0 ? '、' : '', valueRun(kind, String(v))]),
        ]);
      } else {
        out.push([prefix]);
        for (const item of value)
          out.push(...detailLines(item as Record<string, unknown>, depth + 1));
      }
    } else if (typeof value === 'object') {
      out.push([prefix]);
      out.push(...detailLines(value as Record<string, unknown>, depth + 1));
    } else if (typeof value === 'boolean') {
      out.push([prefix, YES_NO(value)]);
    } else {
      out.push([prefix, valueRun(kind, String(value))]);
    }
  }
  return out;
}

const detailCell = (detail: Record<string, unknown> | null): PrintableCell =>
  detail && Object.keys(detail).length > 0 ? lines(...detailLines(detail)) : NONE;

const right = (header: string, weight = 1) => ({ header, align: 'right' as const, weight });
const left = (header: string, weight = 1) => ({ header, weight });

/** How the bank's interest in the waterfall was made up: one row per line, with its basis. */
function interestSections(basis: SettlementInterestInYuan | null): PrintableSection[] {
  if (!basis) return [];
  return [
    {
      heading: '银行利息计算依据 Bank interest to the settlement date',
      fields: [
        ['计至 To', date(basis.asOf)],
        ['合同利率 Contract rate', percent(basis.contractRate)],
        ['罚息利率 Penalty rate', percent(basis.penaltyRate)],
        ['应还未还利息 Scheduled, unpaid', yuan(basis.scheduled)],
        ['合同利息 Contract accrual', yuan(basis.contract)],
        ['罚息 Penalty', yuan(basis.penalty)],
        ['利息合计 Total interest', yuan(basis.total)],
      ],
      table: {
        columns: [
          left('类别 Line', 1.1),
          left('期次 Instalment', 0.6),
          right('计息本金 Principal base', 1.5),
          right('年利率 Rate', 0.7),
          left('起 From', 1.1),
          left('止 To', 1.1),
          right('天数 Days', 0.5),
          right('已付 Paid', 1.1),
          right('金额 Amount', 1.2),
        ],
        rows: basis.lines.map((l) => [
          zhName(INTEREST_LINE_ZH, l.kind),
          l.seq === null ? NONE : String(l.seq),
          yuan(l.principalBase),
          percent(l.annualRate),
          date(l.from),
          date(l.to),
          String(l.days),
          yuan(l.paid),
          yuan(l.amount),
        ]),
        empty: NONE,
      },
    },
  ];
}

/** A status move of the timeline, each side named from its own timeline's statuses. */
function statusMove(source: EventSource, from: string | null, to: string | null): string {
  if (!to) return NONE;
  const names = source === 'CASE' ? CASE_STATUS_ZH : DISPOSAL_STATUS_ZH;
  return `${from ? zhName(names, from) : NONE} → ${zhName(names, to)}`;
}

/** A hash in groups of eight, so that a narrow cell wraps it between groups only. */
const grouped = (hash: string) => hash.replace(/(.{8})(?=.)/g, '$1 ');

/**
 * The disposal file laid out for print, section by section in the order an auditor reads it,
 * with bilingual headings; codes print as their Chinese names, amounts in yuan with thousands
 * separators, dates the Chinese way. Pure: it prints exactly the JSON it is given, names that
 * JSON's SHA-256 in the subtitle and the file's version on every page, so that a signed page can
 * be matched to the file it came from.
 */
export function disposalFileDocument(
  file: DisposalFile,
  options: { generatedAt: string; jsonSha256: string },
): PrintableDocument {
  const c = file.case;
  const d = file.disposal;
  const sale = d.sale as {
    method?: string;
    buyer?: string;
    price?: string;
    round?: number | null;
    agreedOn?: string;
    proposedBy?: string | null;
    belowFloor?: boolean;
    approval?: {
      userId: string;
      reason: string;
      on: string;
      at: string;
      ground?: string | null;
    } | null;
  } | null;
  const valuation = d.valuationUsed as {
    reportNumber?: string;
    totalValue?: string;
    source?: string;
  } | null;
  const bidders = d.bidders as {
    id?: string;
    kind?: string;
    identity?: string;
    name?: string;
    registeredOn?: string;
    registeredBy?: string;
    deposit?: { amount: string; reference: string; paidOn: string; recordedBy: string } | null;
  }[];
  const w = file.waterfall;
  const district = SHANGHAI_DISTRICTS[c.enterprise.districtCode];
  const sections: PrintableSection[] = [
    {
      heading: '案件 Case',
      fields: [
        ['案件编号 Case number', id(file.caseNumber)],
        ['状态 Status', zhName(CASE_STATUS_ZH, c.status)],
        ['贷款银行 Bank', [`${c.bank.name} `, keep(c.bank.orgId)]],
        ['银行业务编号 Bank reference', id(c.bankReference)],
        ['产品 Product', id(c.productCode)],
        ['企业 Enterprise', c.enterprise.name],
        ['统一社会信用代码 USCC', id(c.enterprise.uscc)],
        ['所属区 District', [district ? `${district.zh} ` : '', keep(c.enterprise.districtCode)]],
        ['贷款金额 Loan amount', yuan(c.loan.amount)],
        ['期限 Term', `${c.loan.termMonths} 个月`],
        ['年利率 Annual rate', percent(c.loan.annualRate)],
        ['还款方式 Repayment', zhName(REPAYMENT_METHOD_ZH, c.loan.repaymentMethod)],
        ['申请日 Application date', date(c.applicationDate)],
        ['档案版本 File version', id(file.fileVersion)],
      ],
    },
    {
      heading: '质押资产 Pledged assets',
      table: {
        columns: [
          left('类型 Kind', 0.9),
          left('号码 Number', 1.4),
          left('名称 Title', 2),
          left('当前权利人 Owners now', 1.5),
          left('法律状态 Status', 0.8),
        ],
        rows: c.assets.map((a) => [
          zhName(ASSET_KIND_ZH, a.kind),
          id(a.number),
          text(a.title),
          a.owners?.length ? lines(...a.owners.map(id)) : NONE,
          a.legalStatus ? zhName(LEGAL_STATUS_ZH, a.legalStatus) : NONE,
        ]),
        empty: NONE,
      },
    },
    {
      heading: '处置概况 Disposal',
      fields: [
        ['状态 Status', zhName(DISPOSAL_STATUS_ZH, d.status)],
        ['处置方式 Method', d.method ? zhName(DISPOSAL_METHOD_ZH, d.method) : NONE],
        ['启动 Started', lines(date(d.startedOn), id(d.startedBy))],
        [
          '所用估值 Valuation used',
          valuation
            ? lines(
                ['评估报告号：', id(valuation.reportNumber)],
                ['评估值：', yuan(valuation.totalValue)],
                ['来源：', valuation.source ? zhName(VALUATION_SOURCE_ZH, valuation.source) : NONE],
              )
            : NONE,
        ],
        ['处置底价 Floor', yuan(d.floor)],
        ['拍卖规则 Auction rules', detailCell(d.rules)],
        [
          '成交 Sale',
          sale
            ? lines(
                ['方式：', sale.method ? zhName(DISPOSAL_METHOD_ZH, sale.method) : NONE],
                ['买受人：', id(sale.buyer)],
                ['价格：', yuan(sale.price)],
                ['轮次：', sale.round ? `第 ${sale.round} 轮` : '非拍卖成交'],
                ['成交日：', date(sale.agreedOn)],
                ['提议人：', id(sale.proposedBy)],
                ['低于底价：', YES_NO(sale.belowFloor === true)],
              )
            : NONE,
        ],
        [
          '管理员批准 Administrator approval',
          sale?.approval
            ? lines(
                ['批准人：', id(sale.approval.userId)],
                ['日期：', date(sale.approval.on)],
                ['时间：', instant(sale.approval.at)],
                ...(sale.approval.ground
                  ? [['依据：', zhName(ANY_CODE, sale.approval.ground)] as PrintableRun[]]
                  : []),
                ['理由：', sale.approval.reason],
              )
            : NONE,
        ],
        ['完成 Completion', detailCell(d.completion)],
        ['核销 Write-off', detailCell(d.writeOff)],
        ['核销提议 Write-off proposal', detailCell(d.writeOffProposal)],
        ['权利转移 Transfer', detailCell(d.transfer)],
      ],
    },
    {
      heading: '竞买人 Bidders',
      table: {
        columns: [
          left('编号 Id', 0.5),
          left('类型 Kind', 0.5),
          left('身份号码 Identity', 1.5),
          left('名称 Name', 1.6),
          left('登记 Registered', 1.3),
          left('保证金 Deposit', 2),
        ],
        rows: bidders.map((b) => [
          id(b.id),
          b.kind ? zhName(BIDDER_KIND_ZH, b.kind) : NONE,
          id(b.identity),
          text(b.name),
          lines(date(b.registeredOn), id(b.registeredBy)),
          b.deposit
            ? lines(yuan(b.deposit.amount), id(b.deposit.reference), date(b.deposit.paidOn))
            : '未缴',
        ]),
        empty: '无竞买人 No bidders',
      },
    },
    {
      heading: '估值历史 Valuation history',
      table: {
        columns: [
          left('报告号 Report', 1.4),
          left('方法 Method', 0.7),
          left('基准日 Base date', 1),
          left('有效至 Valid until', 1),
          right('评估值 Value', 1.3),
          left('评估师 Evaluator', 1.3),
          left('提交日 Submitted', 1),
          left('用于处置 Used', 0.6),
        ],
        rows: file.valuations.map((v) => [
          id(v.reportNumber),
          zhName(VALUATION_METHOD_ZH, v.method),
          date(v.baseDate),
          date(v.validUntil),
          yuan(v.totalValue),
          lines(id(v.evaluatorUserId), id(v.firmOrgId)),
          date(v.submittedOn),
          YES_NO(v.usedByDisposal),
        ]),
        empty: NONE,
      },
    },
    {
      heading: '价格路径 Price path',
      table: {
        columns: [
          left('轮次 Round', 0.5),
          right('起拍价 Start', 1.3),
          right('最低允许 Minimum', 1.3),
          right('降幅 Cut', 0.7),
          right('起拍/估值 Start/value', 0.8),
          left('开始 Opened', 1.2),
          left('截止（结束）Closes', 1.1),
          right('出价数 Bids', 0.5),
          right('最高出价 Highest', 1.3),
          left('结果 Outcome', 0.7),
        ],
        rows: file.rounds.map((r) => [
          String(r.round),
          yuan(r.startingPrice),
          yuan(r.minimumPrice),
          percent(r.cutFromPrevious),
          percent(r.startToValuation),
          lines(date(r.openedOn), id(r.openedBy)),
          r.closedOn ? lines(date(r.closesOn), ['（', date(r.closedOn), '）']) : date(r.closesOn),
          String(r.bidCount),
          yuan(r.highestBid),
          `${zhName(ROUND_OUTCOME_ZH, r.outcome)}${r.winningBidSeq ? ` #${r.winningBidSeq}` : ''}`,
        ]),
        empty: '无拍卖轮次 No auction rounds',
      },
    },
    {
      heading: '出价 Bids',
      table: {
        columns: [
          left('序号 Seq', 0.5),
          left('轮次 Round', 0.5),
          left('竞买人 Bidder', 1.5),
          right('出价金额 Amount', 1.3),
          left('时间 Instant', 1.9),
          left('达到起拍价 Valid', 0.7),
          left('成交 Won', 0.5),
        ],
        rows: file.bids.map((b) => [
          String(b.seq),
          String(b.round),
          id(b.bidder),
          yuan(b.amount),
          instant(b.at),
          YES_NO(b.valid),
          YES_NO(b.won),
        ]),
        empty: '无出价 No bids',
      },
    },
    {
      heading: '决定与审批 Decisions and approvals',
      table: {
        columns: [
          left('序号 Seq', 0.45),
          left('决定 Decision', 1.1),
          left('人员 Actor', 1.3),
          left('日期与时间 Date and instant', 1.3),
          left('理由与内容 Reason and detail', 3),
        ],
        rows: file.decisions.map((x) => [
          String(x.seq),
          [zhName(DECISION_KIND_ZH, x.kind), `\n（${SOURCE_ZH[x.source]}）`],
          who(x.actor),
          lines(date(x.businessDate), instant(x.at)),
          x.reason || Object.keys(x.detail).length > 0
            ? lines(
                ...(x.reason ? [[`理由：${reasonText(x.reason)}`] as PrintableRun[]] : []),
                ...detailLines(x.detail),
              )
            : NONE,
        ]),
        empty: NONE,
      },
    },
    {
      heading: '违约与损失 Default and loss',
      fields: file.default
        ? [
            ['方式 Kind', zhName(DEFAULT_KIND_ZH, file.default.kind)],
            ['违约日 Default date', date(file.default.on)],
            ['认定人 Declared by', id(file.default.declaredBy)],
            ['理由 Reason', reasonText(file.default.reason)],
            ['逾期天数 Days past due', `${file.default.daysPastDue} 天`],
            ['不良起始日 Non-performing since', date(file.default.nonPerformingSince)],
            ['未还本金 Principal outstanding', yuan(file.default.principalOutstanding)],
            ['未还利息 Interest outstanding', yuan(file.default.interestOutstanding)],
            ['知识产权担保占比 IP-secured share', percent(file.default.ipSecuredShare)],
            ['风险分担方案 Risk scheme', id(file.default.schemeCode)],
            ['损失基数 Loss base', yuan(file.default.lossBase)],
            [
              '分担额 Shares',
              lines(
                ...Object.entries(file.default.shares).map(([party, amount]) => [
                  `${zhName(LOSS_PARTY_ZH, party)}：`,
                  yuan(amount),
                ]),
              ),
            ],
          ]
        : [['违约 Default', NONE]],
    },
    {
      heading: '代偿申请 Compensation claims',
      table: {
        columns: [
          left('申请 Claim', 2.3),
          left('付款方 Payer', 1.1),
          right('应分担 Share', 1.2),
          left('状态 Status', 0.6),
          left('步骤 Steps', 1.7),
          left('付款 Payment', 1.9),
        ],
        rows: file.claims.map((claim) => [
          id(claim.claimId),
          lines(zhName(CLAIM_PAYER_ZH, claim.payer), id(claim.payerOrgId)),
          yuan(claim.share),
          zhName(CLAIM_STATUS_ZH, claim.status),
          lines(
            ...claim.steps.map((s) => [
              `${zhName(CLAIM_STATUS_ZH, s.status)} `,
              ...who(s.actor),
              ' ',
              date(s.on),
            ]),
          ),
          claim.payment
            ? lines(
                ['金额：', yuan(claim.payment.amount)],
                ['凭证号：', id(claim.payment.reference)],
                ['付款日：', date(claim.payment.paidOn)],
                ['付款人：', id(claim.payment.paidBy)],
                ...(claim.payment.limitedBy
                  ? [
                      [
                        '受限于：',
                        zhName(CLAIM_LIMIT_ZH, claim.payment.limitedBy),
                      ] as PrintableRun[],
                    ]
                  : []),
                ...(claim.payment.deposit
                  ? [['保证金：', yuan(claim.payment.deposit)] as PrintableRun[]]
                  : []),
                ...(claim.payment.depositReleasedOn
                  ? [['保证金释放：', date(claim.payment.depositReleasedOn)] as PrintableRun[]]
                  : []),
              )
            : NONE,
        ]),
        empty: NONE,
      },
    },
    {
      heading: '处置款分配 Proceeds waterfall',
      fields: w
        ? [
            [
              '结果 Outcome',
              lines(
                zhName(DISTRIBUTION_OUTCOME_ZH, w.outcome),
                w.method ? zhName(DISPOSAL_METHOD_ZH, w.method) : NONE,
                ['买受人：', id(w.buyer)],
              ),
            ],
            ['结算日 Settled on', date(w.settledOn)],
            ['处置款 Proceeds', yuan(w.proceeds)],
            ['1 处置费用 Costs', yuan(w.costs)],
            ['2 银行利息（含罚息） Bank interest', yuan(w.bankInterest)],
            ['3 银行本金 Bank principal', yuan(w.bankPrincipal)],
            ['3 风险补偿资金 Fund', yuan(w.fund)],
            ['3 保险公司 Insurer', yuan(w.insurer)],
            ['4 出质人 Pledgor', yuan(w.pledgor)],
            ['未受偿 Unrecovered', yuan(w.unrecovered)],
            [
              '计算依据 Inputs',
              lines(
                ['应收利息：', yuan(w.interestDue)],
                ['应收本金：', yuan(w.principalDue)],
                ['风险补偿资金已代偿：', yuan(w.fundPaid)],
                ['保险公司已代偿：', yuan(w.insurerPaid)],
              ),
            ],
          ]
        : [['分配 Distribution', '尚未结算 Not settled']],
      paragraphs: file.writeOff
        ? [
            [
              '核销 Write-off：',
              yuan(file.writeOff.amount),
              ' · ',
              date(file.writeOff.on),
              ` · ${file.writeOff.reason}`,
            ],
          ]
        : [],
    },
    ...interestSections(w?.interestBasis ?? null),
    {
      heading: '登记 Registration filings',
      table: {
        columns: [
          left('申请号 Filing', 2),
          left('提交日 Filed', 1),
          left('结果 Outcome', 0.8),
          left('登记号 Registration', 1.3),
          left('登记日 Registered', 1),
          left('退回理由 Refusal', 1.4),
        ],
        rows: file.registration.filings.map((f) => [
          id(f.filingNumber),
          date(f.filedOn),
          zhName(FILING_OUTCOME_ZH, f.outcome),
          id(f.registrationNumber),
          date(f.registeredOn),
          f.refusalReason
            ? `${zhName(REGISTRATION_REFUSAL_REASON_ZH, f.refusalReason)}${f.refusalNote ? `：${f.refusalNote}` : ''}`
            : NONE,
        ]),
        empty: NONE,
      },
    },
    {
      heading: '质押登记簿 Pledge register',
      table: {
        columns: [
          left('资产 Asset', 1.3),
          left('登记号 Registration', 1.3),
          left('状态 Status', 0.6),
          left('登记日 Registered', 1),
          left('注销日 Released', 1),
          left('注销原因 Ground', 0.9),
          left('注销号 Cancellation', 1.4),
        ],
        rows: file.registration.pledges.map((p) => [
          id(p.assetNumber),
          id(p.registrationNumber),
          zhName(PLEDGE_STATUS_ZH, p.status),
          date(p.registeredOn),
          date(p.releasedOn),
          p.releaseGround ? zhName(RELEASE_GROUND_ZH, p.releaseGround) : NONE,
          id(p.cancellationNumber),
        ]),
        empty: NONE,
      },
    },
    {
      heading: '权利转移 Transfers',
      table: {
        columns: [
          left('转移号 Transfer', 1.3),
          left('资产 Asset', 1.3),
          left('原权利人 From', 1.3),
          left('受让人 To', 1.3),
          left('原因 Ground', 0.8),
          left('登记日 Registered', 1),
        ],
        rows: file.registration.transfers.map((t) => [
          id(t.transferNumber),
          id(t.assetNumber),
          lines(...t.fromOwners.map(id)),
          id(t.toOwner),
          zhName(RELEASE_GROUND_ZH, t.ground),
          date(t.registeredOn),
        ]),
        empty: '无 None',
      },
    },
    {
      heading: '逾期分档 Delinquency buckets',
      table: {
        columns: [
          left('序号 Seq', 0.4),
          left('从 From'),
          left('到 To'),
          right('逾期天数 Days past due', 0.8),
          left('日期 Date'),
        ],
        rows: file.delinquency.moves.map((m) => [
          String(m.seq),
          zhName(DELINQUENCY_BUCKET_ZH, m.from),
          zhName(DELINQUENCY_BUCKET_ZH, m.to),
          String(m.daysPastDue),
          date(m.on),
        ]),
        empty: NONE,
      },
    },
    {
      heading: '时间线 Timeline',
      table: {
        columns: [
          left('来源 Source', 0.5),
          left('序号 Seq', 0.45),
          left('事件 Event', 1.3),
          left('状态 Status', 1.6),
          left('人员 Actor', 1.4),
          left('日期与时间 Date and instant', 1.5),
        ],
        rows: file.timeline.map((e) => [
          SOURCE_ZH[e.source],
          String(e.seq),
          zhName(e.source === 'CASE' ? CASE_EVENT_ZH : DISPOSAL_EVENT_ZH, e.event),
          statusMove(e.source, e.fromStatus, e.toStatus),
          who(e.actor),
          lines(date(e.businessDate), instant(e.occurredAt)),
        ]),
        empty: NONE,
      },
    },
    {
      heading: '参与人员 Participants',
      table: {
        columns: [
          left('用户 User', 1.1),
          left('姓名 Name', 1.4),
          left('角色 Role', 1),
          left('机构 Organisation', 2),
        ],
        rows: file.participants.map((p) => [
          id(p.userId),
          p.displayName,
          zhName(ROLE_ZH, p.role),
          lines(p.organisationName, id(p.organisationId)),
        ]),
        empty: NONE,
      },
    },
    {
      heading: '审计发现 Findings',
      table: {
        columns: [
          left('序号 Seq', 0.45),
          left('等级 Severity', 0.6),
          left('标题 Title', 1.4),
          left('内容 Text', 3),
          left('记录人与时间 Recorded by', 1.4),
        ],
        rows: file.findings.map((f) => [
          String(f.seq),
          zhName(FINDING_SEVERITY_ZH, f.severity),
          f.title,
          f.text,
          lines(who(f.recordedBy), instant(f.recordedAt)),
        ]),
        empty: '暂无发现 No findings',
      },
    },
    {
      heading: '审计日志 Audit log',
      table: {
        columns: [
          left('序号 Seq', 0.5),
          left('动作 Action', 1),
          left('人员 Actor', 1.5),
          left('时间 Instant', 1.5),
          left('哈希 Hash (SHA-256)', 2.2),
        ],
        rows: file.audit.entries.map((e) => [
          String(e.seq),
          zhName(AUDIT_ACTION_ZH, e.action),
          who(e.actor),
          instant(e.occurredAt),
          keep(grouped(e.hash)),
        ]),
        empty: NONE,
      },
      paragraphs: [
        '每条记录包含前一条记录的哈希；校验程序重新计算整条链。Each entry carries the hash of the one before it; the verifier recomputes the chain (GET /api/v1/audit/verify).',
      ],
    },
    {
      heading: '审核签字 Sign-off',
      fields: [
        ['审核人 Auditor', ''],
        ['审核意见 Opinion', '\n\n'],
        ['签字 Signature', ''],
        ['日期 Date', ''],
      ],
      paragraphs: [
        [
          '本档案版本 This file version：',
          keep(file.fileVersion),
          '；各页页脚注明同一版本。Every page names the same version in its footer.',
        ],
      ],
    },
  ];
  return {
    title: '质押物处置档案 Disposal file',
    subtitle: [
      keep(file.caseNumber),
      ` · ${c.enterprise.name} · 档案版本 `,
      keep(file.fileVersion),
      '\nJSON SHA-256 ',
      keep(options.jsonSha256),
    ],
    generatedAt: options.generatedAt,
    footer: `处置档案 ${file.caseNumber} · 档案版本 ${file.fileVersion} · 生成于 ${instantZh(options.generatedAt)}`,
    sections,
  };
}
