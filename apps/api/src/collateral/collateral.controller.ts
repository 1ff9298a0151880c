import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import {
  ASSET_LEGAL_EVENTS,
  COLLATERAL_DECISIONS,
  COVENANT_RESOLUTIONS,
  INVALIDATION_OUTCOMES,
  type AssetLegalEventKind,
  type CollateralDecision,
  type CovenantResolution,
  type InvalidationOutcome,
} from '../../../../libs/domain/src/collateral/collateral-watch';
import { CollateralRepository } from '../../../../libs/persistence/src/repositories/collateral/collateral.repository';
import { AuditSubject } from '../audit/audit.decorators';
import { IsCalendarDate } from '../common/validation';
import { ValuationReportDto } from '../loan-case/loan-case.request.dto';
import { CollateralService, LEGAL_EVENT_COLUMNS } from './collateral.service';

class LegalEventDto {
  @ApiProperty({ enum: ASSET_LEGAL_EVENTS })
  @IsIn(ASSET_LEGAL_EVENTS as unknown as string[])
  event: AssetLegalEventKind;
  @ApiProperty({
    description: 'the date the event took effect (not after the business date)',
    example: '2026-03-02',
  })
  @IsCalendarDate()
  occurredOn: string;
  @ApiPropertyOptional({ description: 'ANNUAL_FEE_PAID, RESTORED: fee paid up to this date' })
  @IsOptional()
  @IsCalendarDate()
  paidUntil?: string;
  @ApiPropertyOptional({ enum: INVALIDATION_OUTCOMES, description: 'INVALIDATION_DECIDED' })
  @IsOptional()
  @IsIn(INVALIDATION_OUTCOMES as unknown as string[])
  outcome?: InvalidationOutcome;
  @ApiPropertyOptional({ type: [String], description: 'OWNERSHIP_CHANGED: USCCs after it' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  owners?: string[];
  @ApiPropertyOptional({ description: 'RENEWED: the registration now ends on this date' })
  @IsOptional()
  @IsCalendarDate()
  expiryDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
}

class DecisionDto {
  @ApiProperty({
    enum: COLLATERAL_DECISIONS,
    description: 'ADDITIONAL_SECURITY 追加担保, EARLY_RECALL 提前收回',
  })
  @IsIn(COLLATERAL_DECISIONS as unknown as string[])
  decision: CollateralDecision;
  @ApiProperty() @IsString() @MinLength(4) @MaxLength(1000) reason: string;
}

class CovenantDto {
  @ApiProperty({ example: 'annual financial statements by 30 April' })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  title: string;
  @ApiProperty({ description: 'the date the covenant falls due', example: '2027-04-30' })
  @IsCalendarDate()
  dueOn: string;
  @ApiProperty({ description: 'remind the bank this many working days before; 0 for none' })
  @IsInt()
  @Min(0)
  @Max(60)
  reminderWorkingDays: number;
}

class CovenantResolutionDto {
  @ApiProperty({ enum: COVENANT_RESOLUTIONS })
  @IsIn(COVENANT_RESOLUTIONS as unknown as string[])
  resolution: CovenantResolution;
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(1000) note: string;
}

const PROBLEM = { description: 'problem+json with a catalogue code' };

/**
 * The collateral watch's routes: the registration office records legal events on assets (one
 * at a time or by CSV), each checked against the asset's active pledges; the bank reads a
 * loan's collateral, decides on an impairment and keeps the loan's covenants; the valuing firm
 * revalues.
 */
@ApiTags('collateral')
@ApiBearerAuth()
@Controller('api/v1')
export class CollateralController {
  constructor(
    private readonly service: CollateralService,
    private readonly collateral: CollateralRepository,
  ) {}

  @Post('assets/:number/legal-events')
  @HttpCode(201)
  @Roles('REGISTRATION_CLERK')
  @AuditSubject('ASSET', ({ params }) => params.number)
  @ApiOperation({
    summary:
      'Record a legal event (fee paid, lapse, restoration, invalidation, owner change, freeze, release, renewal, expiry); checked against every active pledge',
  })
  @ApiResponse({
    status: 201,
    description: 'the event, the status before and after, and the pledges checked',
  })
  @ApiResponse({ status: 404, ...PROBLEM })
  @ApiResponse({ status: 409, description: 'ASSET_EVENT_NOT_APPLICABLE' })
  @ApiResponse({ status: 422, description: 'ASSET_EVENT_INCOMPLETE, INVALID_DATE' })
  record(
    @Param('number') number: string,
    @Body() body: LegalEventDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.service.recordEvent(
      number,
      {
        event: body.event,
        occurredOn: body.occurredOn,
        paidUntil: body.paidUntil ?? null,
        outcome: body.outcome ?? null,
        owners: body.owners ?? null,
        expiryDate: body.expiryDate ?? null,
        note: body.note ?? null,
      },
      user,
    );
  }

  @Get('assets/:number/legal-events')
  @ApiOperation({ summary: "The asset's legal events, oldest first (public register facts)" })
  legalEvents(@Param('number') number: string) {
    return this.collateral.legalEvents(number);
  }

  @Post('assets/legal-events/import')
  @HttpCode(200)
  @Roles('REGISTRATION_CLERK')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: LEGAL_EVENT_COLUMNS.join(',') } })
  @ApiOperation({
    summary: 'Bulk CSV of legal events: every row applies or none; refusals per line with codes',
  })
  @ApiResponse({ status: 200, description: 'rows applied and the pledges checked' })
  @ApiResponse({ status: 400, description: 'CSV_REQUIRED, CSV_HEADER, CSV_INVALID (errors[])' })
  @Header('Cache-Control', 'no-store')
  import(@Body() csv: string, @CurrentUser() user: AuthenticatedUser) {
    if (typeof csv !== 'string' || csv.length === 0)
      throw new ProblemException('CSV_REQUIRED', 'Send the CSV as text/csv');
    return this.service.importEvents(csv, user);
  }

  @Get('cases/:id/collateral')
  @ApiOperation({
    summary:
      "The loan's collateral: impaired or not, coverage, each asset's condition, events, decisions, valuation history",
  })
  @ApiResponse({ status: 404, description: 'CASE_NOT_FOUND' })
  caseCollateral(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.service.caseCollateral(id, user);
  }

  @Post('cases/:id/collateral/decision')
  @HttpCode(200)
  @Roles('LOAN_OFFICER', 'CREDIT_APPROVER')
  @AuditSubject('CASE', ({ params }) => params.id)
  @ApiOperation({
    summary:
      'Record the decision on impaired or short collateral (追加担保 / 提前收回) with a reason',
  })
  @ApiResponse({ status: 404, description: 'CASE_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'COLLATERAL_LOAN_NOT_LIVE, COLLATERAL_NOT_IMPAIRED' })
  decide(
    @Param('id') id: string,
    @Body() body: DecisionDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.service.decide(id, body, user);
  }

  @Post('cases/:id/revaluation')
  @HttpCode(200)
  @Roles('EVALUATOR')
  @AuditSubject('CASE', ({ params }) => params.id)
  @ApiOperation({
    summary: 'The valuing firm revalues the pledged assets of a live loan; coverage is recomputed',
  })
  @ApiResponse({ status: 403, description: 'ORGANISATION_FORBIDDEN (not the valuing firm)' })
  @ApiResponse({ status: 404, description: 'CASE_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'COLLATERAL_LOAN_NOT_LIVE, DUPLICATE_REPORT' })
  @ApiResponse({ status: 422, description: 'VALUATION_ASSETS_MISMATCH, INVALID_AMOUNT' })
  revalue(
    @Param('id') id: string,
    @Body() body: ValuationReportDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.service.revalue(id, body, user);
  }

  @Get('cases/:id/covenants')
  @ApiOperation({ summary: "The loan's covenants with their due dates and outcomes" })
  @ApiResponse({ status: 404, description: 'CASE_NOT_FOUND' })
  covenants(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.service.covenants(id, user);
  }

  @Post('cases/:id/covenants')
  @HttpCode(201)
  @Roles('LOAN_OFFICER')
  @AuditSubject('CASE', ({ params }) => params.id)
  @ApiOperation({
    summary: 'Add a covenant to a live loan: a due date and a reminder N working days before',
  })
  @ApiResponse({ status: 404, description: 'CASE_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'COLLATERAL_LOAN_NOT_LIVE' })
  @ApiResponse({ status: 422, description: 'INVALID_DATE (not after the business date)' })
  addCovenant(
    @Param('id') id: string,
    @Body() body: CovenantDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.service.addCovenant(id, body, user);
  }

  @Post('cases/:id/covenants/:covenantId/resolution')
  @HttpCode(200)
  @Roles('LOAN_OFFICER', 'CREDIT_APPROVER')
  @AuditSubject('CASE', ({ params }) => params.id)
  @ApiOperation({ summary: 'Record that a covenant was fulfilled or breached' })
  @ApiResponse({ status: 404, description: 'CASE_NOT_FOUND, COVENANT_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'COLLATERAL_LOAN_NOT_LIVE, COVENANT_NOT_OPEN' })
  resolveCovenant(
    @Param('id') id: string,
    @Param('covenantId') covenantId: string,
    @Body() body: CovenantResolutionDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.service.resolveCovenant(id, covenantId, body, user);
  }
}
