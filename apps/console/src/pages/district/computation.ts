/**
 * Reading a claim's frozen computation: the API documents it as a free-form object (its shape
 * is the domain's record of the submission), so each field is read with its type checked.
 */
export type Facts = Record<string, unknown>;

export function recordOf(value: unknown): Facts {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Facts) : {};
}

export function listOf(value: unknown): Facts[] {
  return Array.isArray(value) ? value.map(recordOf) : [];
}

export function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

/** One instalment line of an interest claim, as the submission computed it. */
export interface InterestLine {
  seq: number;
  periodStart: string | null;
  periodEnd: string | null;
  days: string | null;
  interestPaid: string | null;
  outstandingPrincipal: string | null;
  lprRate: string | null;
  lprInterest: string | null;
  base: string | null;
  ipBase: string | null;
  beforeCap: string | null;
  capRemaining: string | null;
  subsidy: string | null;
  limitedBy: string | null;
}

export function interestLines(computation: unknown): InterestLine[] {
  return listOf(recordOf(computation).lines).map((line) => ({
    seq: Number(line.seq),
    periodStart: textOf(line.periodStart),
    periodEnd: textOf(line.periodEnd),
    days: textOf(line.days),
    interestPaid: textOf(line.interestPaid),
    outstandingPrincipal: textOf(line.outstandingPrincipal),
    lprRate: textOf(recordOf(line.lpr).rate),
    lprInterest: textOf(line.lprInterest),
    base: textOf(line.base),
    ipBase: textOf(line.ipBase),
    beforeCap: textOf(line.beforeCap),
    capRemaining: textOf(line.capRemaining),
    subsidy: textOf(line.subsidy),
    limitedBy: textOf(line.limitedBy),
  }));
}
