import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { parsePolicyTerms } from '../../../../libs/domain/src/subsidy-policy';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import { SubsidyClaimRepository } from '../../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { SubsidyPolicyRepository } from '../../../../libs/persistence/src/repositories/subsidy-claim/subsidy-policy.repository';
import type { WhatIfDto } from './subsidy-policy.request.dto';
import {
  checkWhatIfRange,
  compareDraftWithPaid,
  type WhatIfComparison,
} from './subsidy-what-if.comparison';

/**
 * A district approver tries a draft policy on the district's past claims before publishing it.
 * Read-only: nothing is stored, published or started.
 */
@Injectable()
export class SubsidyWhatIfService {
  constructor(
    private readonly claims: SubsidyClaimRepository,
    private readonly policies: SubsidyPolicyRepository,
    private readonly directory: DirectoryRepository,
    private readonly calendar: BusinessCalendarRepository,
  ) {}

  /**
   * @throws 403 ORGANISATION_FORBIDDEN for another district's claims; 400 INVALID_POLICY for bad
   *   terms; 400 INVALID_DATE_RANGE for a range that is not a past one under three years.
   */
  async run(dto: WhatIfDto, user: AuthenticatedUser): Promise<WhatIfComparison> {
    const own = await this.directory.districtOf(user.organisationId);
    const districtCode = dto.districtCode ?? own;
    if (!own || districtCode !== own) {
      throw new ProblemException(
        'ORGANISATION_FORBIDDEN',
        `A what-if runs over your own district's claims only (${own ?? 'none'})`,
        { extensions: { districtCode } },
      );
    }
    const terms = parsePolicyTerms(dto.kind, dto.terms);
    checkWhatIfRange(dto.from, dto.to, await this.calendar.current());
    const range = { from: dto.from, to: dto.to };
    const claims = await this.claims.submittedBetween({ districtCode, kind: dto.kind, ...range });
    return compareDraftWithPaid(
      { districtCode, kind: dto.kind, terms },
      claims,
      await this.policies.lprTable(),
      range,
    );
  }
}
