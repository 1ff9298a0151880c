/**
 * The loan-case workflow's patches and the baseline that takes them all at once. Each `patched`
 * call a run meets records a marker and, from the SDK's core, an upsert of the
 * `TemporalChangeVersion` search attribute listing every patch met so far: four of each on the
 * way to a first repayment. A run started at the baseline records one marker and one upsert and
 * takes every patch before it as applied; a run recorded before the baseline asks each patch
 * where it meets it, exactly as it did, so its replay is unchanged.
 */
import { patched } from '@temporalio/workflow';
import type { CaseSnapshot } from '../../libs/domain/src/loan-case/loan-case.types';

/** The patches the baseline takes; a patch added after it is asked with `patched` itself. */
export type PatchBeforeBaseline =
  | 'lean-case-history'
  | 'notice-in-projection'
  | 'lean-repayment'
  | 'default-track'
  | 'default-proposal'
  | 'settlement-accrued-interest';

export const CASE_BASELINE_PATCH = 'case-baseline-1';

/** The runs started at the baseline, by their snapshot: the one object a run keeps throughout. */
const baselineRuns = new WeakSet<CaseSnapshot>();

/**
 * Asked once, first thing in a run, so that a run recorded before the baseline never takes it,
 * even when it goes on live on a worker that has it (`patched` answers true off replay).
 */
export function startAtBaseline(state: CaseSnapshot): void {
  if (patched(CASE_BASELINE_PATCH)) baselineRuns.add(state);
}

/** Whether the run takes the change: at the baseline always, before it as `patched` answers. */
export function takesPatch(state: CaseSnapshot, patchId: PatchBeforeBaseline): boolean {
  return baselineRuns.has(state) || patched(patchId);
}
