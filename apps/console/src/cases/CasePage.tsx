import { Card, Col, Flex, Row, Spin, Tag, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import type { Schemas } from '../api/types';
import { useLoad } from '../api/useLoad';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18nProvider';
import { ActionPanel } from './actions/ActionPanel';
import { CaseTimeline } from './CaseTimeline';
import {
  AssetsSection,
  ClaimsSection,
  DefaultSection,
  MilestonesSection,
  ScheduleSection,
  SummarySection,
} from './CaseSections';
import { StateDiagram } from './StateDiagram';
import { statusColour } from './status-colour';

/**
 * The staff's view of a case. GET /cases/:id answers staff with the full case; the OpenAPI
 * document names only the enterprise's narrower view of the shared route.
 */
type CaseDetail = Schemas['CaseView'];

/** One case: where it is, what happened, what it holds, and what the user may do now. */
export function CasePage() {
  const { t, code } = useI18n();
  const { caseNumber = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const open = params.get('action');
  const id = { params: { path: { id: caseNumber } } };

  const detail = useLoad(
    async () => unwrap(await api.GET('/api/v1/cases/{id}', id)) as unknown as CaseDetail,
    [caseNumber],
  );
  const timeline = useLoad(
    async () => unwrap(await api.GET('/api/v1/cases/{id}/timeline', id)).entries,
    [caseNumber],
  );
  const actions = useLoad(
    async () => unwrap(await api.GET('/api/v1/cases/{id}/allowed-actions', id)).actions,
    [caseNumber],
  );
  const table = useLoad(async () => unwrap(await api.GET('/api/v1/case-transitions')), []);

  function setOpen(key: string | null) {
    const next = new URLSearchParams(params);
    if (key) next.set('action', key);
    else next.delete('action');
    setParams(next, { replace: true });
  }

  if (detail.error) return <ProblemAlert error={detail.error} />;
  if (!detail.data) return <Spin />;
  const view = detail.data;
  const passed = new Set(
    (timeline.data ?? []).flatMap((e) => [e.fromStatus ?? '', e.toStatus ?? '']),
  );

  return (
    <Flex vertical gap="small" className="page case-page">
      <Flex align="center" gap="small" wrap>
        <Typography.Title level={4} className="case-page__title">
          {view.caseNumber}
        </Typography.Title>
        <Tag color={statusColour(view.status)} data-testid="case-status">
          {code('caseStatus', view.status)}
        </Tag>
        <Typography.Text>{view.enterprise.name}</Typography.Text>
      </Flex>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title={t('case.diagram')}
            extra={<Typography.Text type="secondary">{t('case.diagramHint')}</Typography.Text>}
          >
            {table.data && (
              <StateDiagram table={table.data} current={view.status} passed={passed} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <ProblemAlert error={actions.error} />
          <ActionPanel
            detail={view}
            actions={actions.data ?? []}
            open={open}
            onOpen={setOpen}
            onDone={() => {
              setOpen(null);
              detail.reload();
              timeline.reload();
              actions.reload();
            }}
          />
        </Col>
        <Col xs={24} xl={16}>
          <Flex vertical gap="small">
            <SummarySection detail={view} />
            <AssetsSection detail={view} />
            <MilestonesSection detail={view} />
            <ScheduleSection detail={view} />
            <ClaimsSection detail={view} />
            <DefaultSection detail={view} />
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <CaseTimeline entries={timeline.data ?? []} />
        </Col>
      </Row>
    </Flex>
  );
}
