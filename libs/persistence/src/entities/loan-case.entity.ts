import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Read model of a loan case, written only by workflow activities. `version` is the workflow's
 * projection sequence: an older projection never overwrites a newer one, so retries are harmless.
 */
@Entity({ name: 'loan_case' })
@Index(['status'])
@Index(['bankOrgId'])
@Index(['districtCode'])
@Index(['enterpriseUscc'])
export class LoanCaseEntity {
  @PrimaryColumn({ type: 'text', name: 'case_number' })
  caseNumber: string;

  @Column({ type: 'text', name: 'workflow_id', unique: true })
  workflowId: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', name: 'bank_org_id' })
  bankOrgId: string;

  @Column({ type: 'text', name: 'district_code' })
  districtCode: string;

  @Column({ type: 'text', name: 'enterprise_uscc' })
  enterpriseUscc: string;

  @Column({ type: 'text', name: 'enterprise_name' })
  enterpriseName: string;

  /** Loan amount in yuan, numeric(20,2); TypeORM returns it as a string, never a float. */
  @Column({ type: 'numeric', precision: 20, scale: 2 })
  amount: string;

  @Column({ type: 'integer', name: 'term_months' })
  termMonths: number;

  @Column({ type: 'text', name: 'annual_rate' })
  annualRate: string;

  @Column({ type: 'text', name: 'repayment_method' })
  repaymentMethod: string;

  @Column({ type: 'text', name: 'preparer_user_id' })
  preparerUserId: string;

  /** The full case snapshot as the workflow last projected it (assets, valuation, schedule…). */
  @Column({ type: 'jsonb' })
  detail: Record<string, unknown>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'date', name: 'application_date' })
  applicationDate: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
