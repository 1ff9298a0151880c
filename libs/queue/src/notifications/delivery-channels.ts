import { Inject, Injectable } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../../../common/src/config';
import { renderNotification } from '../../../domain/src/notifications/notification-templates';
import type { ClaimedDelivery } from '../../../persistence/src/repositories/notifications/notification-delivery.repository';
import { WEBHOOK_HEADERS, webhookSignature } from './webhook-signature';

/**
 * One way of sending a delivery. `send` resolves once the far side accepted it and throws
 * otherwise; the processor records the outcome and schedules the retry. (The in-app inbox is no
 * channel: its delivery is the row itself.)
 */
export interface DeliveryChannel {
  readonly channel: ClaimedDelivery['channel'];
  send(delivery: ClaimedDelivery): Promise<void>;
}

/** E-mail to the organisation's contact address through the configured SMTP server. */
@Injectable()
export class EmailChannel implements DeliveryChannel {
  readonly channel = 'EMAIL';
  private transporter: Transporter | null = null;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async send(delivery: ClaimedDelivery): Promise<void> {
    if (!this.config.SMTP_URL) throw new Error('SMTP_URL is not configured');
    this.transporter ??= createTransport(this.config.SMTP_URL);
    const { title, body } = renderNotification(delivery.event, delivery.language);
    await this.transporter.sendMail({
      from: this.config.SMTP_FROM,
      to: delivery.address!,
      subject: title,
      text: body,
      headers: {
        [WEBHOOK_HEADERS.eventId]: delivery.event.id,
        [WEBHOOK_HEADERS.deliveryId]: delivery.id,
        'Content-Language': delivery.language,
      },
    });
  }
}

/** Throws unless the HTTP answer is 2xx (a redirect is a failure: nothing follows it). */
async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/json', ...headers },
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status > 299)
    throw new Error(`HTTP ${response.status} from ${new URL(url).host}`);
}

/** SMS through the configured HTTP gateway: POST `{to, text, reference}`. */
@Injectable()
export class SmsChannel implements DeliveryChannel {
  readonly channel = 'SMS';

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async send(delivery: ClaimedDelivery): Promise<void> {
    if (!this.config.SMS_GATEWAY_URL) throw new Error('SMS_GATEWAY_URL is not configured');
    const { title, body } = renderNotification(delivery.event, delivery.language);
    await post(
      this.config.SMS_GATEWAY_URL,
      JSON.stringify({ to: delivery.address, text: `${title} ${body}`, reference: delivery.id }),
      this.config.SMS_GATEWAY_TOKEN
        ? { Authorization: `Bearer ${this.config.SMS_GATEWAY_TOKEN}` }
        : {},
      this.config.NOTIFY_HTTP_TIMEOUT_MS,
    );
  }
}

/** The event as JSON to one of the organisation's endpoints, signed with its secret. */
@Injectable()
export class WebhookChannel implements DeliveryChannel {
  readonly channel = 'WEBHOOK';

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async send(delivery: ClaimedDelivery): Promise<void> {
    const endpoint = delivery.endpoint!;
    const { event } = delivery;
    const body = JSON.stringify({
      id: event.id,
      key: event.eventKey,
      type: event.eventType,
      subject: event.subject,
      caseNumber: event.caseNumber,
      businessDate: event.businessDate,
      occurredAt: new Date(event.createdAt).toISOString(),
      payload: event.payload,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    await post(
      endpoint.url,
      body,
      {
        'User-Agent': 'ip-pledge-webhooks/1',
        [WEBHOOK_HEADERS.eventId]: event.id,
        [WEBHOOK_HEADERS.eventType]: event.eventType,
        [WEBHOOK_HEADERS.deliveryId]: delivery.id,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: webhookSignature(endpoint.secret, timestamp, body),
      },
      this.config.NOTIFY_HTTP_TIMEOUT_MS,
    );
  }
}
