import { Alert, App, Button, Card, Empty, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n';
import { ProblemAlert } from './ProblemAlert';
import type { GetAnswer } from './responses';

type AllowedActions = GetAnswer<'/api/v1/subsidies/claims/{id}/allowed-actions'>;

/** The request's text limits, as the API's DTOs check them. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const YUAN = /^\d{1,16}(\.\d{1,2})?$/;

export const ACTION_LABELS: Record<string, MessageKey> = {
  review: 'claim.action.review',
  approve: 'claim.action.approve',
  pay: 'claim.action.pay',
  reject: 'claim.action.reject',
  'claw-back': 'claim.action.claw-back',
  'insurer-confirmation': 'claim.action.insurer-confirmation',
};

interface StepValues {
  note?: string;
  paymentReference?: string;
  reason?: string;
  premium?: string;
}

/** Sends one step of the claim to its route; the answer is the claim after the step. */
async function send(claimId: string, action: string, values: StepValues): Promise<void> {
  const path = { params: { path: { id: claimId } } };
  switch (action) {
    case 'review':
      unwrap(
        await api.POST('/api/v1/subsidies/claims/{id}/review', {
          ...path,
          body: { note: values.note?.trim() || undefined },
        }),
      );
      return;
    case 'approve':
      unwrap(await api.POST('/api/v1/subsidies/claims/{id}/approve', path));
      return;
    case 'pay':
      unwrap(
        await api.POST('/api/v1/subsidies/claims/{id}/pay', {
          ...path,
          body: { paymentReference: values.paymentReference!.trim() },
        }),
      );
      return;
    case 'reject':
      unwrap(
        await api.POST('/api/v1/subsidies/claims/{id}/reject', {
          ...path,
          body: { reason: values.reason!.trim() },
        }),
      );
      return;
    case 'claw-back':
      unwrap(
        await api.POST('/api/v1/subsidies/claims/{id}/claw-back', {
          ...path,
          body: { reason: values.reason!.trim() },
        }),
      );
      return;
    case 'insurer-confirmation':
      unwrap(
        await api.POST('/api/v1/subsidies/claims/{id}/insurer-confirmation', {
          ...path,
          body: { premium: values.premium!.trim() },
        }),
      );
      return;
    default:
      throw new Error(`No form for ${action}`);
  }
}

/** The fields of a step's form, with the DTO's constraints checked before sending. */
function StepFields({ action }: { action: string }) {
  const { t } = useI18n();
  const required = { required: true, whitespace: true, message: t('claim.field.required') };
  switch (action) {
    case 'review':
      return (
        <Form.Item name="note" label={t('claim.field.note')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      );
    case 'pay':
      return (
        <Form.Item
          name="paymentReference"
          label={t('claim.field.paymentReference')}
          rules={[required, { pattern: REFERENCE, message: t('claim.field.reference') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
      );
    case 'reject':
    case 'claw-back':
      return (
        <Form.Item
          name="reason"
          label={t('claim.field.reason')}
          rules={[required, { min: 2, max: 1000 }]}
        >
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      );
    case 'insurer-confirmation':
      return (
        <Form.Item
          name="premium"
          label={t('claim.field.premium')}
          rules={[required, { pattern: YUAN, message: t('claim.field.yuan') }]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
      );
    default:
      return null;
  }
}

/**
 * The steps the user may take on the claim now (the claim's transition table, answered by its
 * workflow), each a small form; a refusal shows the server's own message.
 */
export function ClaimActions({
  claimId,
  allowed,
  initial,
  onDone,
}: {
  claimId: string;
  allowed: AllowedActions | null;
  /** The step to open first (from the inbox or the queue). */
  initial: string | null;
  onDone(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const actions = allowed?.actions ?? [];
  const [open, setOpen] = useState<string | null>(initial);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Error | null>(null);
  const [form] = Form.useForm<StepValues>();
  // The inbox names a step by its event (REVIEW), the desk by its action (review).
  const current = actions.find((a) => a.action === open || a.event === open)?.action ?? null;

  async function submit(values: StepValues) {
    if (!current) return;
    setBusy(true);
    setRefusal(null);
    try {
      await send(claimId, current, values);
      void message.success(t('claim.done', { action: t(ACTION_LABELS[current]!) }));
      form.resetFields();
      setOpen(null);
      onDone();
    } catch (error) {
      setRefusal(error as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('claim.actions')} data-testid="claim-actions">
      {actions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('claim.noActions')} />
      ) : (
        <Space wrap>
          {actions.map((a) => (
            <Button
              key={a.action}
              type={a.action === current ? 'primary' : 'default'}
              danger={a.action === 'reject' || a.action === 'claw-back'}
              data-testid={`action-${a.action}`}
              onClick={() => {
                setRefusal(null);
                setOpen(a.action);
              }}
            >
              {t(ACTION_LABELS[a.action] ?? 'claim.actions')}
            </Button>
          ))}
        </Space>
      )}
      {current && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 12, maxWidth: 520 }}
          onFinish={(values) => void submit(values)}
          data-testid={`form-${current}`}
        >
          <Alert
            type="info"
            showIcon
            title={t(ACTION_LABELS[current]!)}
            style={{ marginBottom: 8 }}
          />
          <StepFields action={current} />
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="submit-step">
              {t('common.submit')}
            </Button>
            <Button onClick={() => setOpen(null)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      )}
      <div style={{ marginTop: 8 }}>
        <ProblemAlert error={refusal} title={t('claim.refused')} />
      </div>
    </Card>
  );
}
