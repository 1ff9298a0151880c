import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The business date (日终 advances it). One row; every change is a conditional update from the
 * expected current date, so a retried close of business never skips a day.
 */
@Entity({ name: 'business_calendar' })
export class BusinessCalendarEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'date', name: 'business_date' })
  businessDate: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

@Entity({ name: 'business_date_history' })
export class BusinessDateHistoryEntity {
  @PrimaryColumn({ type: 'date', name: 'business_date' })
  businessDate: string;

  @Column({ type: 'date', name: 'previous_date', nullable: true })
  previousDate: string | null;

  @Column({ type: 'text', name: 'advanced_by' })
  advancedBy: string;

  @Column({ type: 'timestamptz', name: 'advanced_at' })
  advancedAt: Date;
}
