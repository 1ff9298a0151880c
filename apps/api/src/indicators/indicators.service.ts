import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { compareDates } from '../../../../libs/domain/src/business-date';
import {
  CASE_STAGES,
  PROGRAMME_TARGETS,
  stageName,
} from '../../../../libs/domain/src/programme-indicators';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import { IndicatorsRepository } from '../../../../libs/persistence/src/repositories/indicators.repository';
import type { IndicatorsQuery } from './indicators.request.dto';

/** From application (the case's opening) to disbursement, measured like the stages. */
const APPLICATION_TO_DISBURSEMENT = ['DRAFT', 'ACTIVE'] as const;

/** The stages whose median working days the figures carry: the whole way first. */
export const INDICATOR_STAGES = [APPLICATION_TO_DISBURSEMENT, ...CASE_STAGES] as const;

@Injectable()
export class IndicatorsService {
  constructor(
    private readonly indicators: IndicatorsRepository,
    private readonly calendar: BusinessCalendarRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  async figures(query: IndicatorsQuery, user: AuthenticatedUser) {
    const { districtCode, bankOrgId } = await this.scopedFilters(query, user);
    const businessDate = await this.calendar.current();
    const asOf = query.asOf ?? businessDate;
    if (compareDates(asOf, businessDate) > 0) {
      throw new ProblemException(
        'AS_OF_AFTER_BUSINESS_DATE',
        `asOf ${asOf} is after the business date ${businessDate}`,
        { extensions: { field: 'asOf', businessDate } },
      );
    }
    const year = query.year ?? Number(asOf.slice(0, 4));
    const figures = await this.indicators.figures(
      { year, asOf, districtCode, bankOrgId },
      INDICATOR_STAGES,
    );
    const [total, ...stages] = figures.stages;
    return {
      year,
      asOf,
      filters: { district: districtCode, bank: bankOrgId },
      registeredPledge: figures.registeredPledge,
      outstandingBalance: figures.outstandingBalance,
      firstTimeBorrowers: figures.firstTimeBorrowers,
      subsidiesPaid: figures.subsidiesPaid,
      budgetUse: figures.budgetUse,
      defaults: figures.defaults,
      compensation: figures.compensation,
      disposal: figures.disposal,
      workingDays: {
        applicationToDisbursement: { median: total!.median, cases: total!.cases },
        perStage: stages.map((s) => ({
          stage: stageName([s.from, s.to]),
          median: s.median,
          cases: s.cases,
        })),
      },
      targets: PROGRAMME_TARGETS,
    };
  }

  /**
   * A bank reads its own figures and a district its own, whatever it asks; asking for another
   * bank or district is refused, not answered with zeros.
   */
  private async scopedFilters(
    query: IndicatorsQuery,
    user: AuthenticatedUser,
  ): Promise<{ districtCode: string | null; bankOrgId: string | null }> {
    const outside = (filter: string, value: string) =>
      new ProblemException(
        'FILTER_FORBIDDEN',
        `The filter ${filter}=${value} is outside your scope`,
        {
          extensions: { filter },
        },
      );
    switch (user.role) {
      case 'LOAN_OFFICER':
      case 'CREDIT_APPROVER':
        if (query.bank !== undefined && query.bank !== user.organisationId)
          throw outside('bank', query.bank);
        return { districtCode: query.district ?? null, bankOrgId: user.organisationId };
      case 'DISTRICT_REVIEWER':
      case 'DISTRICT_APPROVER': {
        const own = await this.directory.districtOf(user.organisationId);
        if (!own || (query.district !== undefined && query.district !== own))
          throw outside('district', query.district ?? '');
        return { districtCode: own, bankOrgId: query.bank ?? null };
      }
      default:
        return { districtCode: query.district ?? null, bankOrgId: query.bank ?? null };
    }
  }
}
