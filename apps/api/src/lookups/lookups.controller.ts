import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import {
  DEFAULT_REASONS,
  DEFAULT_REASON_CODES,
  OTHER_REASON_MIN_LENGTH,
} from '../../../../libs/domain/src/loan-case/loan-case.default-proposal';
import { BELOW_FLOOR_GROUNDS } from '../../../../libs/domain/src/disposal';
import {
  CASE_STATUSES,
  CASE_TRANSITIONS,
} from '../../../../libs/domain/src/loan-case/loan-case.states';
import { ORGANISATION_KIND_OF_ROLE } from '../../../../libs/domain/src/roles';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';

/** The kinds of organisation the system knows (the organisation table's CHECK lists the same). */
const ORGANISATION_KINDS = [...new Set(Object.values(ORGANISATION_KIND_OF_ROLE))];

/** Lists every form picks from, so no form asks the user to type a code. */
@ApiTags('lookups')
@ApiBearerAuth()
@Controller('api/v1')
export class LookupsController {
  constructor(private readonly directory: DirectoryRepository) {}

  @Get('products')
  @ApiOperation({ summary: "The caller's bank's products; every bank's for an administrator" })
  async products(@CurrentUser() user: AuthenticatedUser) {
    const isBank = ORGANISATION_KIND_OF_ROLE[user.role] === 'BANK';
    if (!isBank && user.role !== 'ADMINISTRATOR') return { items: [] };
    return { items: await this.directory.listProducts(isBank ? user.organisationId : null) };
  }

  @Get('organisations')
  @ApiQuery({ name: 'kind', required: false, enum: ORGANISATION_KINDS })
  async organisations(@Query('kind') kind?: string) {
    if (kind !== undefined && !ORGANISATION_KINDS.includes(kind)) {
      throw new ProblemException('UNKNOWN_ORGANISATION_KIND', `Unknown organisation kind ${kind}`, {
        extensions: { field: 'kind', allowed: ORGANISATION_KINDS },
      });
    }
    return { items: await this.directory.listOrganisations(kind ?? null) };
  }

  @Get('risk-schemes')
  async riskSchemes() {
    return { items: await this.directory.listRiskSchemes() };
  }

  @Get('default-reasons')
  @ApiOperation({
    summary:
      "Reasons a loan officer may give for a default proposal; `early` ones are allowed before the product's overdueAfterDays",
  })
  defaultReasons() {
    return {
      items: DEFAULT_REASON_CODES.map((code) => ({
        code,
        labelZh: DEFAULT_REASONS[code].zh,
        labelEn: DEFAULT_REASONS[code].en,
        early: DEFAULT_REASONS[code].early,
        minTextLength: code === 'OTHER' ? OTHER_REASON_MIN_LENGTH : 0,
      })),
    };
  }

  @Get('disposal-lookups/below-floor-grounds')
  @ApiOperation({
    summary:
      'Grounds on which an administrator may approve a sale below the floor before any round closed unsold',
  })
  belowFloorGrounds() {
    return {
      items: Object.entries(BELOW_FLOOR_GROUNDS).map(([code, label]) => ({
        code,
        en: label.en,
        zh: label.zh,
      })),
    };
  }

  @Get('case-transitions')
  @ApiOperation({
    summary:
      "The loan case's transition table: its states in order and each event's sources, target (null: the state stays) and performers",
  })
  caseTransitions() {
    return {
      statuses: [...CASE_STATUSES],
      transitions: Object.entries(CASE_TRANSITIONS).map(([event, row]) => ({
        event,
        from: [...row.from],
        to: row.to as string | null,
        performers: [...row.performers] as string[],
      })),
    };
  }

  @Get('compensation-funds')
  async compensationFunds() {
    return { items: await this.directory.listCompensationFunds() };
  }
}
