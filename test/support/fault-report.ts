/**
 * What every fault test states in its output: how many cases ran, how many steps were in flight
 * when the fault struck, and, for each kind of money movement, that the count the database
 * recorded equals the count the callers were told had happened.
 */
export interface MovementCount {
  /** Rows in the books (disbursements, repayments, payments). */
  recorded: number;
  /** Acknowledged to a caller: a 2xx answer, or a completed workflow step. */
  acknowledged: number;
}

export interface FaultReport {
  /** The fault, e.g. "worker SIGKILL during subsidy payments". */
  fault: string;
  cases: number;
  inFlightAtFault: number;
  movements: Record<string, MovementCount>;
  /** Anything else the test measured (seconds away, 503 answers, …). */
  notes?: Record<string, number | string>;
}

/** Prints the report as one block and returns the movements whose counts differ. */
export function reportFault(report: FaultReport): string[] {
  const lines = [
    `[fault] ${report.fault}`,
    `[fault]   cases run: ${report.cases}; steps in flight at the fault: ${report.inFlightAtFault}`,
  ];
  const mismatched: string[] = [];
  for (const [kind, count] of Object.entries(report.movements)) {
    const equal = count.recorded === count.acknowledged;
    if (!equal) mismatched.push(kind);
    lines.push(
      `[fault]   ${kind}: ${count.recorded} recorded, ${count.acknowledged} acknowledged` +
        (equal ? ' (equal)' : ' (DIFFERENT)'),
    );
  }
  for (const [name, value] of Object.entries(report.notes ?? {}))
    lines.push(`[fault]   ${name}: ${value}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return mismatched;
}
