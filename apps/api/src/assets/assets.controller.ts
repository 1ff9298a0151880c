import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ArrayMinSize,
} from 'class-validator';
import { Type } from 'class-transformer';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import {
  ASSET_KINDS,
  LEGAL_STATUSES,
  type AssetKind,
  type LegalStatus,
} from '../../../../libs/domain/src/ip-assets';
import { AssetRegisterRepository } from '../../../../libs/persistence/src/repositories/asset-register.repository';
import { PledgeRegisterRepository } from '../../../../libs/persistence/src/repositories/pledge-register.repository';
import { IsCalendarDate } from '../common/validation';
import { AuditSubject } from '../audit/audit.decorators';
import { LoanCaseService } from '../loan-case/loan-case.service';
import { AssetImportService } from './asset-import.service';

class AssetDto {
  @ApiProperty({ enum: ASSET_KINDS }) @IsIn(ASSET_KINDS as unknown as string[]) kind: AssetKind;
  @ApiProperty() @IsString() @MaxLength(300) title: string;
  @ApiProperty({ type: [String], description: 'USCCs of every registered owner' })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  owners: string[];
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() grantDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() expiryDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() annualFeePaidUntil?: string;
  @ApiProperty({ enum: LEGAL_STATUSES })
  @IsIn(LEGAL_STATUSES as unknown as string[])
  legalStatus: LegalStatus;
}

class ListAssetsQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() owner?: string;
  @ApiPropertyOptional({ enum: ASSET_KINDS })
  @IsOptional()
  @IsIn(ASSET_KINDS as unknown as string[])
  kind?: AssetKind;
  @ApiPropertyOptional({ enum: LEGAL_STATUSES })
  @IsOptional()
  @IsIn(LEGAL_STATUSES as unknown as string[])
  status?: LegalStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() after?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** The registration office's IP asset register, maintained by its clerks. */
@ApiTags('registration office')
@ApiBearerAuth()
@Controller('api/v1')
export class AssetsController {
  constructor(
    private readonly assets: AssetRegisterRepository,
    private readonly pledges: PledgeRegisterRepository,
    private readonly importer: AssetImportService,
    private readonly cases: LoanCaseService,
  ) {}

  @Get('assets')
  list(@Query() query: ListAssetsQuery) {
    return this.assets.list({
      owner: query.owner,
      kind: query.kind,
      status: query.status,
      after: query.after,
      limit: query.limit ?? 100,
    });
  }

  @Get('assets/:number')
  async get(@Param('number') number: string) {
    const asset = await this.assets.find(number);
    if (!asset)
      throw new ProblemException('ASSET_NOT_FOUND', `No asset ${number} in the register`, {
        status: 404,
      });
    // A sold asset keeps its owner until the registration office registers the transfer.
    return {
      ...asset,
      pendingTransfer: await this.pledges.pendingTransferOf(number),
      history: await this.assets.history(number),
    };
  }

  @Put('assets/:number')
  @Roles('REGISTRATION_CLERK')
  @AuditSubject('ASSET', ({ params }) => params.number)
  @ApiOperation({ summary: 'Create or correct an asset; the change is kept in its history' })
  async put(
    @Param('number') number: string,
    @Body() body: AssetDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const normalized = this.importer.normalise(body.kind, number);
    const [stored] = await this.importer.store(
      [
        {
          number: normalized,
          kind: body.kind,
          title: body.title,
          owners: body.owners,
          grantDate: body.grantDate ?? null,
          expiryDate: body.expiryDate ?? null,
          annualFeePaidUntil: body.annualFeePaidUntil ?? null,
          legalStatus: body.legalStatus,
        },
      ],
      user,
    );
    return { number: normalized, change: stored!.change };
  }

  @Post('assets/import')
  @HttpCode(200)
  @Roles('REGISTRATION_CLERK')
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'number,kind,title,owners,grantDate,expiryDate,annualFeePaidUntil,legalStatus',
    },
  })
  @ApiOperation({ summary: 'Bulk CSV import: all rows valid or nothing is stored' })
  @Header('Cache-Control', 'no-store')
  import(@Body() csv: string, @CurrentUser() user: AuthenticatedUser) {
    if (typeof csv !== 'string' || csv.length === 0)
      throw new ProblemException('CSV_REQUIRED', 'Send the CSV as text/csv');
    return this.importer.import(csv, user);
  }

  @Get('registration/filings')
  @Roles('REGISTRATION_CLERK', 'ADMINISTRATOR')
  @ApiOperation({ summary: "The registration office's queue of pending pledge filings" })
  filings() {
    return this.pledges.pendingFilings(200);
  }

  @Get('pledges/:caseNumber')
  @ApiOperation({ summary: 'The pledges of a case; visible to whoever sees the case (else 404)' })
  async pledgesOf(@Param('caseNumber') caseNumber: string, @CurrentUser() user: AuthenticatedUser) {
    await this.cases.assertVisible(caseNumber, user);
    return this.pledges.pledgesOfCase(caseNumber);
  }
}
