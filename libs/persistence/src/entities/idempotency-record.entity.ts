import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The stored response of a POST made with an `Idempotency-Key`, replayed on a retry. */
@Entity({ name: 'idempotency_record' })
export class IdempotencyRecordEntity {
  /** `${userId}:${method}:${path}:${key}` so that keys of different users never collide. */
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text', name: 'request_hash' })
  requestHash: string;

  @Column({ type: 'integer', name: 'status_code' })
  statusCode: number;

  @Column({ type: 'jsonb' })
  body: unknown;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
