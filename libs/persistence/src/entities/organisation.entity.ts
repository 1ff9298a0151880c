import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The kinds of organisation that take part in a pledge loan (DESIGN §2). */
export const ORGANISATION_KINDS = [
  'BANK',
  'VALUATION_FIRM',
  'REGISTRATION_OFFICE',
  'DISTRICT',
  'INSURER',
  'COMPENSATION_FUND',
  'MUNICIPAL_IP_OFFICE',
  'ENTERPRISE',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

@Entity({ name: 'organisation' })
export class OrganisationEntity {
  /** Stable business code, e.g. `BANK-SHCB` or `DISTRICT-310115`. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  kind: OrganisationKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', name: 'name_zh' })
  nameZh: string;

  /** Administrative division code (GB/T 2260) for districts; null for other organisations. */
  @Column({ type: 'text', name: 'district_code', nullable: true })
  districtCode: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
