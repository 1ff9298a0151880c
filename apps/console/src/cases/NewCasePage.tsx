import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import type { Schemas } from '../api/types';
import { useLoad } from '../api/useLoad';
import { ProblemAlert } from '../components/ProblemAlert';
import { CODES } from '../i18n/codes';
import { useI18n } from '../i18n/I18nProvider';
import { PATTERNS, rulesFor } from './actions/rules';

type CreateCase = Schemas['CreateCaseDto'];
const ASSET_TYPES = ['PATENT', 'TRADEMARK', 'SOFTWARE_COPYRIGHT'] as const;

/** A loan officer opens a case: the application, its borrower by USCC and the pledged rights. */
export function NewCasePage() {
  const i18n = useI18n();
  const { t, code } = i18n;
  const rules = rulesFor(i18n);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateCase>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [enterprise, setEnterprise] = useState<{ uscc: string; name: string | null } | null>(null);
  const products = useLoad(async () => unwrap(await api.GET('/api/v1/products')).items, []);

  async function lookUp(uscc: string) {
    if (!uscc) return setEnterprise(null);
    const result = await api.GET('/api/v1/enterprises/{uscc}', { params: { path: { uscc } } });
    setEnterprise({ uscc, name: result.response.ok && result.data ? result.data.legalName : null });
  }

  async function submit(values: CreateCase) {
    setBusy(true);
    setError(null);
    try {
      const opened = unwrap(await api.POST('/api/v1/cases', { body: values }));
      void message.success(t('newCase.created', { caseNumber: opened.caseNumber }));
      void navigate(`/cases/${encodeURIComponent(opened.caseNumber)}`);
    } catch (refusal) {
      setError(refusal);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      size="small"
      title={<Typography.Title level={4}>{t('newCase.title')}</Typography.Title>}
      className="page new-case"
    >
      <Form<CreateCase>
        form={form}
        layout="vertical"
        aria-label={t('newCase.title')}
        initialValues={{
          repaymentMethod: 'EQUAL_INSTALMENT',
          termMonths: 12,
          assets: [{ type: 'PATENT', number: '' }],
        }}
        onFinish={(values) => void submit(values)}
      >
        <Space wrap align="start" size="middle">
          <Form.Item
            name="bankReference"
            label={t('newCase.bankReference')}
            rules={[
              ...rules.required,
              { pattern: PATTERNS.bankReference, message: t('valid.number') },
            ]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="productCode" label={t('newCase.product')} rules={rules.required}>
            <Select
              className="new-case__product"
              options={(products.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
            />
          </Form.Item>
          <Form.Item
            name={['enterprise', 'uscc']}
            label={t('newCase.uscc')}
            rules={[...rules.required, ...rules.max(32)]}
            extra={
              enterprise &&
              (enterprise.name
                ? t('newCase.enterpriseFound', { name: enterprise.name })
                : t('newCase.enterpriseMissing'))
            }
          >
            <Input maxLength={32} onBlur={(event) => void lookUp(event.target.value.trim())} />
          </Form.Item>
        </Space>
        <Space wrap align="start" size="middle">
          <Form.Item name="amount" label={t('newCase.amount')} rules={rules.yuan}>
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item
            name="termMonths"
            label={t('newCase.termMonths')}
            rules={[...rules.required, { type: 'integer', min: 1, max: 360, message: '1–360' }]}
          >
            <InputNumber min={1} max={360} precision={0} />
          </Form.Item>
          <Form.Item
            name="annualRate"
            label={t('newCase.annualRate')}
            rules={[
              ...rules.required,
              { pattern: PATTERNS.fraction, message: t('valid.fraction') },
            ]}
          >
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item
            name="repaymentMethod"
            label={t('newCase.repaymentMethod')}
            rules={rules.required}
          >
            <Select
              className="new-case__method"
              options={Object.keys(CODES.repaymentMethod).map((value) => ({
                value,
                label: code('repaymentMethod', value),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="paymentFrequencyMonths"
            label={t('newCase.paymentFrequencyMonths')}
            rules={[{ type: 'integer', min: 1, max: 12, message: '1–12' }]}
          >
            <InputNumber min={1} max={12} precision={0} />
          </Form.Item>
        </Space>
        <Typography.Text strong>{t('newCase.assets')}</Typography.Text>
        <Form.List name="assets">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start">
                  <Form.Item
                    name={[field.name, 'type']}
                    label={t('newCase.assetType')}
                    rules={rules.required}
                  >
                    <Select
                      className="new-case__asset-type"
                      options={ASSET_TYPES.map((value) => ({
                        value,
                        label: code('assetKind', value),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'number']}
                    label={t('newCase.assetNumber')}
                    rules={[...rules.required, ...rules.max(40)]}
                  >
                    <Input maxLength={40} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      aria-label={t('newCase.removeAsset')}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                      className="new-case__remove"
                    />
                  )}
                </Space>
              ))}
              <Form.Item>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ type: 'PATENT', number: '' })}
                  disabled={fields.length >= 50}
                >
                  {t('newCase.addAsset')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <ProblemAlert error={error} />
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('newCase.submit')}
        </Button>
      </Form>
    </Card>
  );
}
