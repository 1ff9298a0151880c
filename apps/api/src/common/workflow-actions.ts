import type { UpdateDefinition, WorkflowHandle } from '@temporalio/client';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { currentRequestKey } from '../audit/request-key';

/** What every step request carries besides its body: who acts, on which business date. */
export interface StepContext {
  user: AuthenticatedUser;
  businessDate: string;
}

/**
 * One API action of a process: the Update it sends and how its input is built from the request.
 * `input` must return exactly the Update's input type (no inference from the function, no extra
 * fields), so renaming a field of an Update's input fails to compile here.
 */
export interface WorkflowAction<Dto, Context extends StepContext, Input, Result> {
  update: UpdateDefinition<Result, [Input]>;
  input(dto: Dto, context: Context): Input;
}

/** Declares an action; the Update fixes the input and result types. */
export function workflowAction<Dto, Input, Result, Context extends StepContext = StepContext>(
  update: UpdateDefinition<Result, [Input]>,
  input: (dto: Dto, context: Context) => NoInfer<Input>,
): WorkflowAction<Dto, Context, Input, Result> {
  return { update, input };
}

/** The request body type of an action. */
export type DtoOf<A> = A extends WorkflowAction<infer Dto, never, unknown, unknown> ? Dto : never;

/**
 * Sends an action's Update to a process workflow and returns its result. The one way the API
 * turns a request into a workflow step, for every process.
 */
export async function dispatchAction<Dto, Context extends StepContext, Input, Result>(
  handle: WorkflowHandle,
  action: WorkflowAction<Dto, Context, Input, Result>,
  dto: Dto,
  context: Context,
): Promise<Result> {
  // Named by the request's key: the server keeps one outcome per Update id, so a retried
  // request (same Idempotency-Key) is answered without running the step twice.
  const key = currentRequestKey();
  return handle.executeUpdate(action.update, {
    args: [action.input(dto, context)],
    ...(key ? { updateId: `${action.update.name}:${key}` } : {}),
  });
}
