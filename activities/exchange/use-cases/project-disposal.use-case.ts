import { Injectable } from '@nestjs/common';
import type { DisposalEvent, DisposalSnapshot } from '../../../libs/domain/src/disposal';
import { DisposalRepository } from '../../../libs/persistence/src/repositories/disposal/disposal.repository';

/** Projects a disposal step: snapshot, timeline entry, rounds and bids, in one transaction. */
@Injectable()
export class ProjectDisposalUseCase {
  constructor(private readonly disposals: DisposalRepository) {}

  /** Idempotent: a retried projection of the same version changes nothing. */
  async execute(input: { snapshot: DisposalSnapshot; event: DisposalEvent | null }): Promise<void> {
    await this.disposals.project(input.snapshot, input.event);
  }
}
