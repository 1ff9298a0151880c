import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One step in a case's timeline: who did what, when, on which business date. */
@Entity({ name: 'case_event' })
@Index(['caseNumber', 'seq'], { unique: true })
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text', name: 'case_number' })
  caseNumber: string;

  /** Position in the case's own sequence; (case, seq) is the idempotency key of the write. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'text' })
  event: string;

  @Column({ type: 'text', name: 'from_status', nullable: true })
  fromStatus: string | null;

  @Column({ type: 'text', name: 'to_status' })
  toStatus: string;

  @Column({ type: 'text', name: 'actor_user_id', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'text', name: 'actor_role', nullable: true })
  actorRole: string | null;

  @Column({ type: 'date', name: 'business_date' })
  businessDate: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;
}
