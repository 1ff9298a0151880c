import type { Schemas } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';

type Transitions = Schemas['LookupsCaseTransitions'];

/**
 * Where each state sits: the application runs left to right, the live loan back right to left,
 * trouble below it, the ends of an application last. A state the table adds later lands on
 * the bottom row, so it still shows.
 */
const PLACES: Record<string, [column: number, row: number]> = {
  DRAFT: [0, 0],
  SUBMITTED: [1, 0],
  VERIFIED: [2, 0],
  VALUATION: [3, 0],
  VALUED: [4, 0],
  APPROVED: [5, 0],
  CONTRACTED: [6, 0],
  REGISTERING: [6, 1],
  REGISTERED: [5, 1],
  ACTIVE: [4, 1],
  REPAID: [3, 1],
  RELEASED: [2, 1],
  CLOSED: [1, 1],
  OVERDUE: [4, 2],
  DEFAULTED: [5, 2],
  COMPENSATION: [6, 2],
  DISPOSAL: [6, 3],
  SETTLED: [5, 3],
  REJECTED: [0, 3],
  WITHDRAWN: [1, 3],
};
const WIDTH = 118;
const HEIGHT = 30;
const STEP_X = 138;
const STEP_Y = 62;
/** Ends every open application may reach: drawn only from the current state, or they clutter. */
const ENDS = new Set(['REJECTED', 'WITHDRAWN']);

/** The loan case's transition table as a graph: the current state, the states passed, the moves. */
export function StateDiagram({
  table,
  current,
  passed,
}: {
  table: Transitions;
  current: string;
  passed: ReadonlySet<string>;
}) {
  const { code } = useI18n();
  const place = (status: string, index: number): [number, number] => {
    const [column, row] = PLACES[status] ?? [index % 7, 4];
    return [10 + column * STEP_X, 10 + row * STEP_Y];
  };
  const positions = new Map<string, [number, number]>(
    table.statuses.map((s, i) => [s, place(s, i)]),
  );
  const rows = Math.max(...[...positions.values()].map(([, y]) => y)) + HEIGHT + 10;
  const edges = table.transitions.flatMap((transition) =>
    transition.to === null
      ? []
      : transition.from
          .filter(
            (from) => from !== transition.to && (!ENDS.has(transition.to!) || from === current),
          )
          .map((from) => ({ from, to: transition.to!, event: transition.event })),
  );
  const unique = [...new Map(edges.map((e) => [`${e.from}>${e.to}`, e])).values()];

  return (
    <svg
      className="state-diagram"
      viewBox={`0 0 ${10 + 7 * STEP_X} ${rows}`}
      role="img"
      aria-label={code('caseStatus', current)}
    >
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 8 8"
          refX="7"
          refY="4"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L8,4 L0,8 z" fill="#94a3b8" />
        </marker>
        <marker
          id="arrow-next"
          viewBox="0 0 8 8"
          refX="7"
          refY="4"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L8,4 L0,8 z" fill="#1d4ed8" />
        </marker>
      </defs>
      {unique.map(({ from, to }) => {
        const [x1, y1] = positions.get(from) ?? [0, 0];
        const [x2, y2] = positions.get(to) ?? [0, 0];
        const next = from === current;
        // From the facing sides of the two boxes: horizontal neighbours side to side, else top/bottom.
        const horizontal = y1 === y2;
        const sx = horizontal ? (x2 > x1 ? x1 + WIDTH : x1) : x1 + WIDTH / 2;
        const sy = horizontal ? y1 + HEIGHT / 2 : y2 > y1 ? y1 + HEIGHT : y1;
        const ex = horizontal ? (x2 > x1 ? x2 : x2 + WIDTH) : x2 + WIDTH / 2;
        const ey = horizontal ? y2 + HEIGHT / 2 : y2 > y1 ? y2 : y2 + HEIGHT;
        const bend = horizontal && Math.abs(x2 - x1) > STEP_X ? -24 : 0;
        return (
          <path
            key={`${from}>${to}`}
            d={`M${sx},${sy} Q${(sx + ex) / 2 + (horizontal ? 0 : 14)},${(sy + ey) / 2 + bend} ${ex},${ey}`}
            fill="none"
            stroke={next ? '#1d4ed8' : '#cbd5e1'}
            strokeWidth={next ? 2 : 1}
            markerEnd={next ? 'url(#arrow-next)' : 'url(#arrow)'}
          />
        );
      })}
      {table.statuses.map((status) => {
        const [x, y] = positions.get(status)!;
        const isCurrent = status === current;
        const wasPassed = passed.has(status) && !isCurrent;
        return (
          <g key={status} data-status={status} data-current={isCurrent || undefined}>
            <rect
              x={x}
              y={y}
              width={WIDTH}
              height={HEIGHT}
              rx={4}
              fill={isCurrent ? '#1d4ed8' : wasPassed ? '#dcfce7' : '#fff'}
              stroke={isCurrent ? '#1d4ed8' : wasPassed ? '#16a34a' : '#94a3b8'}
            />
            <text
              x={x + WIDTH / 2}
              y={y + HEIGHT / 2 + 4}
              textAnchor="middle"
              fontSize={12}
              fill={isCurrent ? '#fff' : '#111827'}
            >
              {code('caseStatus', status)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
