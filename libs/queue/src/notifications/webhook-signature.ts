import { createHmac } from 'node:crypto';

/** The headers of a webhook request (docs/notifications.md). */
export const WEBHOOK_HEADERS = {
  eventId: 'X-IPPledge-Event-Id',
  eventType: 'X-IPPledge-Event-Type',
  deliveryId: 'X-IPPledge-Delivery-Id',
  timestamp: 'X-IPPledge-Timestamp',
  signature: 'X-IPPledge-Signature',
} as const;

/**
 * `v1=` and the hex HMAC-SHA256, keyed by the endpoint's secret, of the timestamp (Unix
 * seconds), a full stop and the raw body: a subscriber recomputes it from what it received.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
