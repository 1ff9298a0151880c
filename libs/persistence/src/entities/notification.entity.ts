import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A notification as delivered by a transport; `jobKey` makes redelivery of a job a no-op. */
@Entity({ name: 'notification' })
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text', name: 'job_key', unique: true })
  jobKey: string;

  @Column({ type: 'text', name: 'case_number', nullable: true })
  caseNumber: string | null;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'text', name: 'recipient_org_id' })
  recipientOrgId: string;

  @Column({ type: 'text' })
  transport: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'delivered_at' })
  deliveredAt: Date;
}
