import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../../../libs/common/src/temporal.module';
import type { PoolRef } from '../../../libs/domain/src/subsidy-claim';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { reserveFromWaitlistUpdate } from '../../../workflows/subsidy-claim/subsidy-claim.shared';

export interface ServeWaitlistCommand {
  pool: PoolRef;
  businessDate: string;
}

/**
 * Offers the pool's room to its waitlisted claims in submission order, each through its own
 * workflow (which reserves in one conditional update), and stops at the first that does not
 * fit: a later, smaller claim never overtakes an earlier one. Safe to repeat. Answers the
 * claims that reserved, first submitted first.
 */
@Injectable()
export class ServeWaitlistUseCase {
  constructor(
    private readonly claims: SubsidyClaimRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  /** `progress` is told after each reservation (the activity heartbeats with it). */
  async execute(
    input: ServeWaitlistCommand,
    progress: (reserved: number) => void = () => undefined,
  ): Promise<string[]> {
    const reserved: string[] = [];
    for (const claim of await this.claims.waitlisted(input.pool)) {
      const result = await this.client.workflow
        .getHandle(claim.workflowId)
        .executeUpdate(reserveFromWaitlistUpdate, { args: [{ businessDate: input.businessDate }] });
      if (!result.reserved) break;
      reserved.push(claim.id);
      progress(reserved.length);
    }
    return reserved;
  }
}
