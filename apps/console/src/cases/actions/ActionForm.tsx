import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { ProblemAlert } from '../../components/ProblemAlert';
import { CODES } from '../../i18n/codes';
import { useI18n } from '../../i18n/I18nProvider';
import { rulesFor } from './rules';

type CaseDetail = Schemas['CaseView'];
type Action = Schemas['LoanCaseAllowedActions']['actions'][number];
type Values = Record<string, unknown>;

const SHARES = ['bankBp', 'insurerBp', 'fundBp', 'guarantorBp'] as const;

const day = (value: unknown): string => (value as Dayjs).format('YYYY-MM-DD');

/** The case steps the console has a form for (the others are done on their own pages). */
export const FORM_EVENTS = new Set([
  'SUBMIT',
  'VERIFY_IP',
  'REQUEST_VALUATION',
  'SUBMIT_VALUATION',
  'APPROVE_CREDIT',
  'SIGN_CONTRACT',
  'SUBMIT_REGISTRATION',
  'ACCEPT_REGISTRATION',
  'REFUSE_REGISTRATION',
  'DISBURSE',
  'RECORD_REPAYMENT',
  'REQUEST_RELEASE',
  'REGISTER_RELEASE',
  'REJECT',
  'WITHDRAW',
  'REASSIGN_OWNER',
  'PROPOSE_DEFAULT',
  'DECLARE_DEFAULT',
  'REJECT_DEFAULT',
]);

/** Sends the step to its typed route; each body is checked against the API's request schema. */
async function send(event: string, id: string, v: Values): Promise<unknown> {
  const path = { params: { path: { id } } };
  switch (event) {
    case 'SUBMIT':
      return unwrap(await api.POST('/api/v1/cases/{id}/submit', path));
    case 'VERIFY_IP':
      return unwrap(await api.POST('/api/v1/cases/{id}/verify-ip', path));
    case 'REQUEST_VALUATION':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/valuation-request', {
          ...path,
          body: { firmOrgId: v.firmOrgId as string },
        }),
      );
    case 'SUBMIT_VALUATION':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/valuation-report', {
          ...path,
          body: {
            reportNumber: v.reportNumber as string,
            method: v.method as Schemas['ValuationReportDto']['method'],
            baseDate: day(v.baseDate),
            ...(v.validUntil ? { validUntil: day(v.validUntil) } : {}),
            assets: Object.entries(v.values as Record<string, string>).map(([number, value]) => ({
              number: number.replace(/^n:/, ''),
              value,
            })),
          },
        }),
      );
    case 'APPROVE_CREDIT':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/credit-approval', {
          ...path,
          body: {
            riskSharing: v.riskSharing as Schemas['RiskSharingDto'],
            ...(v.ipSecuredShare ? { ipSecuredShare: v.ipSecuredShare as string } : {}),
            ...(v.note ? { note: v.note as string } : {}),
          },
        }),
      );
    case 'SIGN_CONTRACT':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/contract', {
          ...path,
          body: {
            loanContractNumber: v.loanContractNumber as string,
            pledgeContractNumber: v.pledgeContractNumber as string,
            signedOn: day(v.signedOn),
            forfeitureClause: v.forfeitureClause === true,
          },
        }),
      );
    case 'SUBMIT_REGISTRATION':
      return unwrap(await api.POST('/api/v1/cases/{id}/registration', path));
    case 'ACCEPT_REGISTRATION':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/registration/accept', {
          ...path,
          body: {
            registrationNumber: v.registrationNumber as string,
            registeredOn: day(v.registeredOn),
          },
        }),
      );
    case 'REFUSE_REGISTRATION':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/registration/refuse', {
          ...path,
          body: {
            reason: v.reason as Schemas['RefuseRegistrationDto']['reason'],
            ...(v.note ? { note: v.note as string } : {}),
          },
        }),
      );
    case 'DISBURSE':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/disbursement', {
          ...path,
          body: { reference: v.reference as string, valueDate: day(v.valueDate) },
        }),
      );
    case 'RECORD_REPAYMENT':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/repayments', {
          ...path,
          body: {
            reference: v.reference as string,
            amount: v.amount as string,
            valueDate: day(v.valueDate),
            kind: v.kind as Schemas['RepaymentDto']['kind'],
          },
        }),
      );
    case 'REQUEST_RELEASE':
      return unwrap(await api.POST('/api/v1/cases/{id}/release/request', path));
    case 'REGISTER_RELEASE':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/release/register', {
          ...path,
          body: {
            cancellationNumber: v.cancellationNumber as string,
            registeredOn: day(v.registeredOn),
          },
        }),
      );
    case 'REJECT':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/reject', {
          ...path,
          body: { reason: v.reason as string },
        }),
      );
    case 'WITHDRAW':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/withdraw', {
          ...path,
          body: { reason: v.reason as string },
        }),
      );
    case 'REASSIGN_OWNER':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/owner', {
          ...path,
          body: { ownerUserId: v.ownerUserId as string, reason: v.reason as string },
        }),
      );
    case 'PROPOSE_DEFAULT':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/default', {
          ...path,
          body: {
            reasonCode: v.reasonCode as Schemas['DefaultProposalDto']['reasonCode'],
            ...(v.reason ? { reason: v.reason as string } : {}),
          },
        }),
      );
    case 'DECLARE_DEFAULT':
      return unwrap(await api.POST('/api/v1/cases/{id}/default/confirm', path));
    case 'REJECT_DEFAULT':
      return unwrap(
        await api.POST('/api/v1/cases/{id}/default/reject', {
          ...path,
          body: { reason: v.reason as string },
        }),
      );
    default:
      throw new Error(`no form for ${event}`);
  }
}

/** The form of one allowed step: fields with inline checks, the server's refusal shown inline. */
export function ActionForm({
  action,
  detail,
  onDone,
  onCancel,
}: {
  action: Action;
  detail: CaseDetail;
  onDone(): void;
  onCancel(): void;
}) {
  const i18n = useI18n();
  const { t, code } = i18n;
  const rules = rulesFor(i18n);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const today = dayjs(detail.businessDate);
  const name = code('caseEvent', action.event);

  const firms = useLoad(
    async () =>
      action.event === 'REQUEST_VALUATION'
        ? unwrap(
            await api.GET('/api/v1/organisations', {
              params: { query: { kind: 'VALUATION_FIRM' } },
            }),
          ).items
        : [],
    [action.event],
  );
  const reasons = useLoad(
    async () =>
      action.event === 'PROPOSE_DEFAULT'
        ? unwrap(await api.GET('/api/v1/default-reasons')).items
        : [],
    [action.event],
  );

  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    try {
      await send(action.event, detail.caseNumber, values);
      onDone();
    } catch (refusal) {
      setError(refusal);
    } finally {
      setBusy(false);
    }
  }

  const sharesAddUp = ({ getFieldValue }: { getFieldValue(name: string[]): unknown }) => ({
    validator() {
      const total = SHARES.map((s) => Number(getFieldValue(['riskSharing', s]) ?? 0)).reduce(
        (a, b) => a + b,
        0,
      );
      return total === 10000
        ? Promise.resolve()
        : Promise.reject(new Error(t('valid.sharesTotal', { total })));
    },
  });

  const date = (field: string, label: string, required = true): ReactNode => (
    <Form.Item name={field} label={label} rules={required ? rules.required : []}>
      <DatePicker />
    </Form.Item>
  );
  const reason = (required: boolean) => (
    <Form.Item
      name="reason"
      label={t('field.reason')}
      rules={required ? rules.reason : rules.max(1000)}
    >
      <Input.TextArea rows={2} maxLength={1000} />
    </Form.Item>
  );

  const fields: Record<string, ReactNode> = {
    REQUEST_VALUATION: (
      <Form.Item name="firmOrgId" label={t('field.firmOrgId')} rules={rules.required}>
        <Select
          options={(firms.data ?? []).map((firm) => ({
            value: firm.id,
            label: i18n.language === 'zh-CN' ? firm.nameZh : firm.name,
          }))}
        />
      </Form.Item>
    ),
    SUBMIT_VALUATION: (
      <>
        <Form.Item name="reportNumber" label={t('field.reportNumber')} rules={rules.number}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="method" label={t('field.method')} rules={rules.required}>
          <Select
            options={Object.keys(CODES.valuationMethod).map((value) => ({
              value,
              label: code('valuationMethod', value),
            }))}
          />
        </Form.Item>
        {date('baseDate', t('field.baseDate'))}
        {date('validUntil', t('field.validUntil'), false)}
        {detail.assets.map((asset) => (
          <Form.Item
            key={asset.number}
            name={['values', `n:${asset.number}`]}
            label={t('field.assetValue', { number: asset.number })}
            rules={rules.yuan}
          >
            <Input inputMode="decimal" />
          </Form.Item>
        ))}
      </>
    ),
    APPROVE_CREDIT: (
      <>
        {SHARES.map((share) => (
          <Form.Item
            key={share}
            name={['riskSharing', share]}
            label={t(`field.${share}`)}
            // The last share carries the check of the total, re-run as any share changes.
            rules={
              share === 'guarantorBp' ? [...rules.basisPoints, sharesAddUp] : rules.basisPoints
            }
            dependencies={share === 'guarantorBp' ? SHARES.map((s) => ['riskSharing', s]) : []}
          >
            <InputNumber min={0} max={10000} precision={0} />
          </Form.Item>
        ))}
        <Form.Item
          name="ipSecuredShare"
          label={t('field.ipSecuredShare')}
          rules={rules.optionalFraction}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item name="note" label={t('field.note')} rules={rules.max(1000)}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>
    ),
    SIGN_CONTRACT: (
      <>
        <Form.Item
          name="loanContractNumber"
          label={t('field.loanContractNumber')}
          rules={rules.number}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="pledgeContractNumber"
          label={t('field.pledgeContractNumber')}
          rules={rules.number}
        >
          <Input maxLength={40} />
        </Form.Item>
        {date('signedOn', t('field.signedOn'))}
        <Form.Item name="forfeitureClause" valuePropName="checked">
          <Checkbox>{t('field.forfeitureClause')}</Checkbox>
        </Form.Item>
      </>
    ),
    ACCEPT_REGISTRATION: (
      <>
        <Form.Item
          name="registrationNumber"
          label={t('field.registrationNumber')}
          rules={rules.number}
        >
          <Input maxLength={40} />
        </Form.Item>
        {date('registeredOn', t('field.registeredOn'))}
      </>
    ),
    REFUSE_REGISTRATION: (
      <>
        <Form.Item name="reason" label={t('field.refusalReason')} rules={rules.required}>
          <Select
            options={Object.keys(CODES.refusalReason).map((value) => ({
              value,
              label: code('refusalReason', value),
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('field.note')} rules={rules.max(1000)}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>
    ),
    DISBURSE: (
      <>
        <Form.Item name="reference" label={t('field.reference')} rules={rules.reference}>
          <Input maxLength={60} />
        </Form.Item>
        {date('valueDate', t('field.valueDate'))}
      </>
    ),
    RECORD_REPAYMENT: (
      <>
        <Form.Item name="reference" label={t('field.reference')} rules={rules.reference}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="amount" label={t('field.amount')} rules={rules.yuan}>
          <Input inputMode="decimal" />
        </Form.Item>
        {date('valueDate', t('field.valueDate'))}
        <Form.Item name="kind" label={t('field.repaymentKind')}>
          <Select
            options={Object.keys(CODES.repaymentKind).map((value) => ({
              value,
              label: code('repaymentKind', value),
            }))}
          />
        </Form.Item>
      </>
    ),
    REGISTER_RELEASE: (
      <>
        <Form.Item
          name="cancellationNumber"
          label={t('field.cancellationNumber')}
          rules={rules.number}
        >
          <Input maxLength={40} />
        </Form.Item>
        {date('registeredOn', t('field.registeredOn'))}
      </>
    ),
    REJECT: reason(true),
    WITHDRAW: reason(true),
    REJECT_DEFAULT: reason(true),
    REASSIGN_OWNER: (
      <>
        <Form.Item name="ownerUserId" label={t('field.ownerUserId')} rules={rules.required}>
          <Input maxLength={100} />
        </Form.Item>
        {reason(true)}
      </>
    ),
    PROPOSE_DEFAULT: (
      <>
        <Form.Item name="reasonCode" label={t('field.reasonCode')} rules={rules.required}>
          <Select
            options={(reasons.data ?? []).map((r) => ({
              value: r.code,
              label: i18n.language === 'zh-CN' ? r.labelZh : r.labelEn,
            }))}
          />
        </Form.Item>
        {reason(false)}
      </>
    ),
  };

  const hasFields = action.event in fields;
  return (
    <Form
      form={form}
      layout="vertical"
      className="action-form"
      aria-label={name}
      initialValues={{
        baseDate: today,
        signedOn: today,
        registeredOn: today,
        valueDate: today,
        kind: 'SCHEDULED',
        forfeitureClause: false,
      }}
      onFinish={(values) => void submit(values)}
    >
      {hasFields ? (
        fields[action.event]
      ) : (
        <Alert type="info" title={t('action.confirm', { name })} />
      )}
      <ProblemAlert error={error} />
      <Space className="action-form__buttons">
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.submit')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
