import { ApiProperty } from '@nestjs/swagger';

class IndicatorFiltersDto {
  @ApiProperty({ type: String, nullable: true, example: '310115' }) district: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'BANK-SHCB' }) bank: string | null;
}

class RegisteredPledgeDto {
  @ApiProperty({ example: '3000000.00' }) amount: string;
  @ApiProperty({ example: 3 }) projects: number;
  @ApiProperty({ example: '2500000.00' }) previousAmount: string;
  @ApiProperty({ example: 2 }) previousProjects: number;
  @ApiProperty({ type: String, nullable: true, example: '0.2000' }) amountGrowth: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.5000' }) projectsGrowth: string | null;
}

class SubsidyPaidDto {
  @ApiProperty({ enum: ['INTEREST', 'INSURANCE_PREMIUM'] }) kind: string;
  @ApiProperty({ example: '310115' }) districtCode: string;
  @ApiProperty({ example: '12345.67' }) amount: string;
  @ApiProperty({ example: 3 }) claims: number;
}

class BudgetUseDto {
  @ApiProperty({ example: '310115' }) districtCode: string;
  @ApiProperty({ enum: ['INTEREST', 'INSURANCE_PREMIUM'] }) kind: string;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ example: '5000000.00' }) total: string;
  @ApiProperty({ example: '0.00' }) reserved: string;
  @ApiProperty({ example: '12345.67' }) paid: string;
}

class DefaultsDto {
  @ApiProperty({ example: 1 }) count: number;
  @ApiProperty({ example: '600000.00' }) principal: string;
}

class CompensationDto {
  @ApiProperty({ example: '300000.00' }) paid: string;
  @ApiProperty({ example: '120000.00' }) recovered: string;
}

class DisposalRecoveryDto {
  @ApiProperty({ example: 1 }) settled: number;
  @ApiProperty({ example: '450000.00' }) recovered: string;
  @ApiProperty({ example: '600000.00' }) claimed: string;
  @ApiProperty({ type: String, nullable: true, example: '0.7500' }) recoveryRate: string | null;
}

class MedianDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '12.0',
    description: 'median working days; null without cases',
  })
  median: string | null;
  @ApiProperty({ example: 3 }) cases: number;
}

class StageMedianDto extends MedianDto {
  @ApiProperty({ example: 'SUBMITTED→VERIFIED' }) stage: string;
}

class WorkingDaysDto {
  @ApiProperty({ type: MedianDto }) applicationToDisbursement: MedianDto;
  @ApiProperty({ type: [StageMedianDto] }) perStage: StageMedianDto[];
}

class TargetsDto {
  @ApiProperty({ example: '50000000000.00' }) balanceBy2028: string;
  @ApiProperty({ example: '0.30' }) amountGrowth: string;
  @ApiProperty({ example: '0.20' }) projectsGrowth: string;
}

/** The programme's figures (docs/indicators.md defines each). */
export class IndicatorsResponseDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ example: '2026-12-02' }) asOf: string;
  @ApiProperty({ type: IndicatorFiltersDto }) filters: IndicatorFiltersDto;
  @ApiProperty({ type: RegisteredPledgeDto }) registeredPledge: RegisteredPledgeDto;
  @ApiProperty({ example: '2400000.00' }) outstandingBalance: string;
  @ApiProperty({ example: 2 }) firstTimeBorrowers: number;
  @ApiProperty({ type: [SubsidyPaidDto] }) subsidiesPaid: SubsidyPaidDto[];
  @ApiProperty({ type: [BudgetUseDto] }) budgetUse: BudgetUseDto[];
  @ApiProperty({ type: DefaultsDto }) defaults: DefaultsDto;
  @ApiProperty({ type: CompensationDto }) compensation: CompensationDto;
  @ApiProperty({ type: DisposalRecoveryDto }) disposal: DisposalRecoveryDto;
  @ApiProperty({ type: WorkingDaysDto }) workingDays: WorkingDaysDto;
  @ApiProperty({ type: TargetsDto }) targets: TargetsDto;
}
