import { App, Button, Card, Empty, Flex, Typography } from 'antd';
import type { Schemas } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { ActionForm, FORM_EVENTS } from './ActionForm';

type CaseDetail = Schemas['CaseView'];
type Action = Schemas['LoanCaseAllowedActions']['actions'][number];

/** A stable key per action: a claim step appears once per claim. */
export const actionKey = (action: Action): string =>
  'claimId' in action && action.claimId ? `${action.event}:${action.claimId}` : action.event;

/**
 * What the user may do on the case now (GET allowed-actions), one button each; the open one
 * shows its form. A step opened from a task that the case no longer lists is still offered: the
 * server, not the console, decides, and its refusal is shown in the form.
 */
export function ActionPanel({
  detail,
  actions,
  open,
  onOpen,
  onDone,
}: {
  detail: CaseDetail;
  actions: Action[];
  open: string | null;
  onOpen(key: string | null): void;
  onDone(action: Action): void;
}) {
  const { t, code } = useI18n();
  const { message } = App.useApp();
  const listed = actions.find((a) => actionKey(a) === open);
  const fromTask: Action | undefined =
    !listed && open && FORM_EVENTS.has(open)
      ? {
          event: open,
          method: 'POST',
          path: '',
          role: '',
          description: '',
          process: 'loan-case',
          action: open,
        }
      : undefined;
  const current = listed ?? fromTask;
  const name = (action: Action) => code('caseEvent', action.event);

  return (
    <Card size="small" title={t('case.actions')} className="action-panel">
      {actions.length === 0 && !current && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.noActions')} />
      )}
      <Flex wrap gap="small">
        {actions.map((action) => (
          <Button
            key={actionKey(action)}
            data-action={action.event}
            type={open === actionKey(action) ? 'primary' : 'default'}
            disabled={action.process !== 'loan-case' || !FORM_EVENTS.has(action.event)}
            title={FORM_EVENTS.has(action.event) ? undefined : t('action.noForm')}
            onClick={() => onOpen(open === actionKey(action) ? null : actionKey(action))}
          >
            {name(action)}
          </Button>
        ))}
      </Flex>
      {current && (
        <section className="action-panel__form" aria-label={name(current)}>
          <Typography.Title level={5}>{name(current)}</Typography.Title>
          <ActionForm
            key={actionKey(current)}
            action={current}
            detail={detail}
            onCancel={() => onOpen(null)}
            onDone={() => {
              void message.success(t('action.done', { name: name(current) }));
              onDone(current);
            }}
          />
        </section>
      )}
    </Card>
  );
}
