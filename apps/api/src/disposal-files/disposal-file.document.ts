import type {
  PrintableDocument,
  PrintableSection,
} from '../../../../libs/documents/src/printable-pdf';
import type { SettlementInterestInYuan } from '../../../../libs/domain/src/disposal';
import type { DisposalFile, FileActor } from './disposal-file';

const NONE = '—';
const text = (value: string | number | boolean | null | undefined): string =>
  value === null || value === undefined || value === '' ? NONE : String(value);
const who = (actor: FileActor | null): string =>
  actor ? `${actor.userId} (${actor.role})` : '系统 system';
const right = (header: string, weight = 1) => ({ header, align: 'right' as const, weight });
const left = (header: string, weight = 1) => ({ header, weight });

/** Short, stable text of a JSON detail for a table cell (keys in the file's own order). */
const INTEREST_LINE_LABELS: Record<string, string> = {
  SCHEDULED: '应还未还利息 Scheduled, unpaid',
  CONTRACT: '合同利息 Contract accrual',
  PENALTY: '罚息 Penalty',
};

/** How the bank's interest in the waterfall was made up: one row per line, with its basis. */
function interestSections(basis: SettlementInterestInYuan | null): PrintableSection[] {
  if (!basis) return [];
  return [
    {
      heading: '银行利息计算依据 Bank interest to the settlement date',
      fields: [
        ['计至 To', basis.asOf],
        ['合同利率 Contract rate', basis.contractRate],
        ['罚息利率 Penalty rate', basis.penaltyRate],
        ['应还未还利息 Scheduled, unpaid', basis.scheduled],
        ['合同利息 Contract accrual', basis.contract],
        ['罚息 Penalty', basis.penalty],
        ['利息合计 Total interest', basis.total],
      ],
      table: {
        columns: [
          left('类别 Line', 1.6),
          left('期次 Instalment', 0.7),
          right('计息本金 Principal base', 1.2),
          right('年利率 Rate', 0.8),
          left('起 From'),
          left('止 To'),
          right('天数 Days', 0.6),
          right('已付 Paid'),
          right('金额 Amount'),
        ],
        rows: basis.lines.map((l) => [
          INTEREST_LINE_LABELS[l.kind] ?? l.kind,
          text(l.seq),
          l.principalBase,
          l.annualRate,
          l.from,
          l.to,
          String(l.days),
          l.paid,
          l.amount,
        ]),
        empty: NONE,
      },
    },
  ];
}

function brief(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(
      ([key, value]) =>
        `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
    )
    .join('; ');
}

/**
 * The disposal file laid out for print, section by section in the order an auditor reads it,
 * with bilingual headings. Pure: it prints exactly the JSON it is given, and names that JSON's
 * SHA-256 in the subtitle so that a printed page can be matched to the file it came from.
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
    belowFloor?: boolean;
    approval?: { userId: string; reason: string; on: string; at: string } | null;
  } | null;
  const valuation = d.valuationUsed as {
    reportNumber?: string;
    totalValue?: string;
    source?: string;
  } | null;
  const w = file.waterfall;
  const sections: PrintableSection[] = [
    {
      heading: '案件 Case',
      fields: [
        ['案件编号 Case number', file.caseNumber],
        ['状态 Status', c.status],
        ['贷款银行 Bank', `${c.bank.name} (${c.bank.orgId})`],
        ['银行业务编号 Bank reference', text(c.bankReference)],
        ['产品 Product', text(c.productCode)],
        [
          '企业 Enterprise',
          `${c.enterprise.name} · ${c.enterprise.uscc} · ${c.enterprise.districtCode}`,
        ],
        ['贷款金额 Loan amount', c.loan.amount],
        ['期限（月）Term (months)', String(c.loan.termMonths)],
        ['年利率 Annual rate', c.loan.annualRate],
        ['还款方式 Repayment', c.loan.repaymentMethod],
        ['申请日 Application date', c.applicationDate],
        ['档案版本 File version', String(file.fileVersion)],
      ],
    },
    {
      heading: '质押资产 Pledged assets',
      table: {
        columns: [
          left('类型 Kind'),
          left('号码 Number', 1.2),
          left('名称 Title', 2),
          left('当前权利人 Owners now', 1.6),
          left('法律状态 Status'),
        ],
        rows: c.assets.map((a) => [
          a.kind,
          a.number,
          text(a.title),
          text(a.owners?.join(', ')),
          text(a.legalStatus),
        ]),
        empty: NONE,
      },
    },
    {
      heading: '处置概况 Disposal',
      fields: [
        ['状态 Status', d.status],
        ['处置方式 Method', text(d.method)],
        ['启动 Started', `${d.startedOn} · ${text(d.startedBy)}`],
        [
          '所用估值 Valuation used',
          valuation
            ? `${text(valuation.reportNumber)} · ${text(valuation.totalValue)} · ${text(valuation.source)}`
            : NONE,
        ],
        ['处置底价 Floor', text(d.floor)],
        ['拍卖规则 Auction rules', d.rules ? brief(d.rules) : NONE],
        [
          '成交 Sale',
          sale
            ? `${text(sale.method)} · ${text(sale.buyer)} · ${text(sale.price)}${sale.round ? ` · 第 ${sale.round} 轮 round ${sale.round}` : ''}${sale.belowFloor ? ' · 低于底价 below floor' : ''}`
            : NONE,
        ],
        [
          '管理员批准 Administrator approval',
          sale?.approval
            ? `${sale.approval.userId} · ${sale.approval.on} · ${sale.approval.reason}`
            : NONE,
        ],
        ['完成 Completion', d.completion ? brief(d.completion) : NONE],
        ['核销 Write-off', d.writeOff ? brief(d.writeOff) : NONE],
      ],
    },
    {
      heading: '估值历史 Valuation history',
      table: {
        columns: [
          left('报告号 Report', 1.4),
          left('方法 Method'),
          left('基准日 Base date'),
          left('有效至 Valid until'),
          right('评估值 Value', 1.2),
          left('评估师 Evaluator', 1.2),
          left('提交日 Submitted'),
          left('用于处置 Used'),
        ],
        rows: file.valuations.map((v) => [
          v.reportNumber,
          v.method,
          v.baseDate,
          v.validUntil,
          v.totalValue,
          `${v.evaluatorUserId} · ${v.firmOrgId}`,
          v.submittedOn,
          v.usedByDisposal ? '是 yes' : '否 no',
        ]),
        empty: NONE,
      },
    },
    {
      heading: '价格路径 Price path',
      table: {
        columns: [
          left('轮次 Round', 0.6),
          right('起拍价 Start', 1.1),
          right('最低允许 Minimum', 1.1),
          right('降幅 Cut', 0.8),
          right('起拍/估值 Start/value', 0.9),
          left('开始 Opened'),
          left('截止 Closes'),
          right('出价数 Bids', 0.6),
          right('最高出价 Highest', 1.1),
          left('结果 Outcome'),
        ],
        rows: file.rounds.map((r) => [
          String(r.round),
          r.startingPrice,
          r.minimumPrice,
          text(r.cutFromPrevious),
          text(r.startToValuation),
          `${r.openedOn} · ${r.openedBy}`,
          `${r.closesOn}${r.closedOn ? ` (${r.closedOn})` : ''}`,
          String(r.bidCount),
          text(r.highestBid),
          `${r.outcome}${r.winningBidSeq ? ` #${r.winningBidSeq}` : ''}`,
        ]),
        empty: '无拍卖轮次 No auction rounds',
      },
    },
    {
      heading: '出价 Bids',
      table: {
        columns: [
          left('#', 0.4),
          left('轮次 Round', 0.6),
          left('竞买人 Bidder', 1.6),
          right('金额 Amount', 1.1),
          left('时间 Instant (UTC)', 1.7),
          left('有效 Valid', 0.7),
          left('成交 Won', 0.7),
        ],
        rows: file.bids.map((b) => [
          String(b.seq),
          String(b.round),
          b.bidder,
          b.amount,
          b.at,
          b.valid ? '是 yes' : '否 no',
          b.won ? '是 yes' : '否 no',
        ]),
        empty: '无出价 No bids',
      },
    },
    {
      heading: '决定与审批 Decisions and approvals',
      table: {
        columns: [
          left('#', 0.4),
          left('决定 Decision', 1.5),
          left('人员 Actor', 1.5),
          left('业务日 Date', 0.9),
          left('时间 Instant (UTC)', 1.5),
          left('理由与内容 Reason and detail', 3),
        ],
        rows: file.decisions.map((x) => [
          String(x.seq),
          x.kind,
          who(x.actor),
          x.businessDate,
          x.at,
          [x.reason ? `理由 reason: ${x.reason}` : '', brief(x.detail)].filter(Boolean).join(' · '),
        ]),
        empty: NONE,
      },
    },
    {
      heading: '违约与损失 Default and loss',
      fields: file.default
        ? [
            ['方式 Kind', file.default.kind],
            ['违约日 Default date', file.default.on],
            ['宣告人 Declared by', text(file.default.declaredBy)],
            ['理由 Reason', file.default.reason],
            ['逾期天数 Days past due', String(file.default.daysPastDue)],
            ['不良起始日 Non-performing since', file.default.nonPerformingSince],
            ['未还本金 Principal outstanding', file.default.principalOutstanding],
            ['未还利息 Interest outstanding', file.default.interestOutstanding],
            ['知识产权担保占比 IP-secured share', file.default.ipSecuredShare],
            ['风险分担方案 Risk scheme', file.default.schemeCode],
            ['损失基数 Loss base', file.default.lossBase],
            ['分担额 Shares', brief(file.default.shares)],
          ]
        : [['违约 Default', NONE]],
    },
    {
      heading: '代偿申请 Compensation claims',
      table: {
        columns: [
          left('申请 Claim', 1.5),
          left('付款方 Payer'),
          right('应分担 Share', 1.1),
          left('状态 Status', 0.8),
          left('步骤 Steps', 2.4),
          left('付款 Payment', 2.2),
        ],
        rows: file.claims.map((claim) => [
          claim.claimId,
          `${claim.payer} · ${claim.payerOrgId}`,
          claim.share,
          claim.status,
          claim.steps.map((s) => `${s.status} ${who(s.actor)} ${s.on} ${s.at}`).join('\n'),
          claim.payment
            ? `${claim.payment.amount} · ${claim.payment.reference} · ${claim.payment.paidOn} · ${claim.payment.paidBy}${claim.payment.deposit ? ` · 保证金 deposit ${claim.payment.deposit}` : ''}`
            : NONE,
        ]),
        empty: NONE,
      },
    },
    {
      heading: '处置款分配 Proceeds waterfall',
      fields: w
        ? [
            ['结果 Outcome', `${w.outcome} · ${text(w.method)} · ${text(w.buyer)}`],
            ['结算日 Settled on', w.settledOn],
            ['处置款 Proceeds', w.proceeds],
            ['1 处置费用 Costs', w.costs],
            ['2 银行利息（含罚息） Bank interest', w.bankInterest],
            ['3 银行本金 Bank principal', w.bankPrincipal],
            ['3 风险补偿资金 Fund', w.fund],
            ['3 保险公司 Insurer', w.insurer],
            ['4 出质人 Pledgor', w.pledgor],
            ['未受偿 Unrecovered', w.unrecovered],
            [
              '计算依据 Inputs',
              `interestDue ${w.interestDue} · principalDue ${w.principalDue} · fundPaid ${w.fundPaid} · insurerPaid ${w.insurerPaid}`,
            ],
          ]
        : [['分配 Distribution', '尚未结算 Not settled']],
      paragraphs: file.writeOff
        ? [
            `核销 Write-off: ${file.writeOff.amount} · ${file.writeOff.on} · ${file.writeOff.reason}`,
          ]
        : [],
    },
    ...interestSections(w?.interestBasis ?? null),
    {
      heading: '登记 Registration filings',
      table: {
        columns: [
          left('申请号 Filing', 1.5),
          left('提交日 Filed'),
          left('结果 Outcome'),
          left('登记号 Registration', 1.3),
          left('登记日 Registered'),
          left('退回理由 Refusal', 1.3),
        ],
        rows: file.registration.filings.map((f) => [
          f.filingNumber,
          f.filedOn,
          f.outcome,
          text(f.registrationNumber),
          text(f.registeredOn),
          f.refusalReason ? `${f.refusalReason} ${text(f.refusalNote)}` : NONE,
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
          left('状态 Status'),
          left('登记日 Registered'),
          left('注销日 Released'),
          left('注销原因 Ground', 1.2),
          left('注销号 Cancellation', 1.3),
        ],
        rows: file.registration.pledges.map((p) => [
          p.assetNumber,
          p.registrationNumber,
          p.status,
          p.registeredOn,
          text(p.releasedOn),
          text(p.releaseGround),
          text(p.cancellationNumber),
        ]),
        empty: NONE,
      },
    },
    {
      heading: '权利转移 Transfers',
      table: {
        columns: [
          left('转移号 Transfer', 1.4),
          left('资产 Asset', 1.3),
          left('原权利人 From', 1.4),
          left('受让人 To', 1.4),
          left('原因 Ground'),
          left('登记日 Registered'),
        ],
        rows: file.registration.transfers.map((t) => [
          t.transferNumber,
          t.assetNumber,
          t.fromOwners.join(', '),
          t.toOwner,
          t.ground,
          t.registeredOn,
        ]),
        empty: '无 None',
      },
    },
    {
      heading: '逾期分档 Delinquency buckets',
      table: {
        columns: [
          left('#', 0.4),
          left('从 From'),
          left('到 To'),
          right('逾期天数 Days past due'),
          left('日期 Date'),
        ],
        rows: file.delinquency.moves.map((m) => [
          String(m.seq),
          m.from,
          m.to,
          String(m.daysPastDue),
          m.on,
        ]),
        empty: NONE,
      },
    },
    {
      heading: '时间线 Timeline',
      table: {
        columns: [
          left('来源 Source', 0.8),
          left('#', 0.4),
          left('事件 Event', 1.6),
          left('状态 Status', 1.4),
          left('人员 Actor', 1.5),
          left('业务日 Date', 0.9),
          left('时间 Instant (UTC)', 1.5),
        ],
        rows: file.timeline.map((e) => [
          e.source,
          String(e.seq),
          e.event,
          e.toStatus ? `${text(e.fromStatus)} → ${e.toStatus}` : NONE,
          who(e.actor),
          e.businessDate,
          e.occurredAt,
        ]),
        empty: NONE,
      },
    },
    {
      heading: '参与人员 Participants',
      table: {
        columns: [
          left('用户 User'),
          left('姓名 Name', 1.5),
          left('角色 Role'),
          left('机构 Organisation', 2),
        ],
        rows: file.participants.map((p) => [
          p.userId,
          p.displayName,
          p.role,
          `${p.organisationName} (${p.organisationId})`,
        ]),
        empty: NONE,
      },
    },
    {
      heading: '审计发现 Findings',
      table: {
        columns: [
          left('#', 0.4),
          left('等级 Severity', 0.9),
          left('标题 Title', 1.5),
          left('内容 Text', 3),
          left('记录人 Recorded by', 1.3),
          left('时间 Instant (UTC)', 1.4),
        ],
        rows: file.findings.map((f) => [
          String(f.seq),
          f.severity,
          f.title,
          f.text,
          who(f.recordedBy),
          f.recordedAt,
        ]),
        empty: '暂无发现 No findings',
      },
    },
    {
      heading: '审计日志 Audit log',
      table: {
        columns: [
          left('序号 Seq', 0.6),
          left('动作 Action', 1.5),
          left('人员 Actor', 1.5),
          left('时间 Instant (UTC)', 1.5),
          left('哈希 Hash (SHA-256)', 2.6),
        ],
        rows: file.audit.entries.map((e) => [
          String(e.seq),
          e.action,
          who(e.actor),
          e.occurredAt,
          e.hash,
        ]),
        empty: NONE,
      },
      paragraphs: [
        '每条记录包含前一条记录的哈希；校验程序重新计算整条链。Each entry carries the hash of the one before it; the verifier recomputes the chain (GET /api/v1/audit/verify).',
      ],
    },
  ];
  return {
    title: '质押物处置档案 Disposal file',
    subtitle: `${file.caseNumber} · ${c.enterprise.name} · JSON SHA-256 ${options.jsonSha256}`,
    generatedAt: options.generatedAt,
    sections,
  };
}
