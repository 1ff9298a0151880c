import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUSES } from '../../../../libs/domain/src/loan-case/loan-case.states';

/** A row of the case list (docs/indicators.md); the enterprise's rows leave out the bank's own fields. */
export class CaseListRowDto {
  @ApiProperty({ example: 'BANK-SHCB-APP-2026-0001' }) caseNumber: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ example: 'BANK-SHCB' }) bankOrgId: string;
  @ApiProperty({ example: '310115' }) districtCode: string;
  @ApiProperty() enterpriseUscc: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ example: '1000000.00' }) amount: string;
  @ApiProperty({ example: 12 }) termMonths: number;
  @ApiProperty({ example: '2026-01-15' }) applicationDate: string;
  @ApiProperty({ example: '2026-01-15T08:00:00.000000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-02-15T08:00:00.000000Z' }) updatedAt: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-04-21',
    description: 'due date of the first instalment not paid and not yet past due',
  })
  nextDueDate: string | null;
  @ApiProperty({ example: 0 }) daysPastDue: number;
  @ApiProperty({ example: '800000.00' }) outstandingPrincipal: string;
  @ApiProperty({ example: '0.00', description: 'principal and interest due and unpaid' })
  arrears: string;
  @ApiProperty({ example: 'SHCB-IP-STD' }) productCode: string;
  @ApiPropertyOptional({ description: 'absent in the enterprise’s list' }) ownerUserId?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the bank’s reference; absent in the enterprise’s list',
  })
  bankReference?: string | null;
}

export class CaseListResponseDto {
  @ApiProperty({ type: [CaseListRowDto] }) items: CaseListRowDto[];
  @ApiProperty({ type: String, nullable: true, description: 'the next page, null on the last' })
  nextCursor: string | null;
  @ApiProperty({ example: 57, description: 'rows the filters match, over every page' })
  total: number;
}
