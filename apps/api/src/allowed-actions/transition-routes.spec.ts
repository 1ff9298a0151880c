import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { ApiModule } from '../api.module';
import { humanRows } from './performs-transition';
import { fillPath, rowsWithoutRoute, transitionRoutesOf } from './transition-routes';

/** Every controller the API registers, walking its module tree as Nest does. */
function controllersOf(root: Type): Type[] {
  const seen = new Set<unknown>();
  const controllers: Type[] = [];
  const visit = (entry: unknown) => {
    const module = (entry as { module?: Type } | undefined)?.module ?? entry;
    if (!module || seen.has(module) || typeof module !== 'function') return;
    seen.add(module);
    controllers.push(...((Reflect.getMetadata('controllers', module) as Type[]) ?? []));
    for (const imported of (Reflect.getMetadata('imports', module) as unknown[]) ?? [])
      visit(imported);
  };
  visit(root);
  return controllers;
}

describe('transition routes', () => {
  const routes = transitionRoutesOf(controllersOf(ApiModule));

  it('routes every row a person fires, in every process (decorate a new row with @PerformsTransition)', () => {
    expect(humanRows().length).toBeGreaterThan(30);
    expect(rowsWithoutRoute(routes)).toEqual([]);
  });

  it('marks only rows of the tables, and reads the paths as Nest routes them', () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        {
          process: 'loan-case',
          event: 'SUBMIT',
          method: 'POST',
          path: '/api/v1/cases/:id/submit',
        },
        {
          process: 'loan-case',
          event: 'PAY_FUND_CLAIM',
          method: 'POST',
          path: '/api/v1/cases/:id/compensation-claims/:claimId/pay',
        },
        {
          process: 'disposal',
          event: 'CLOSE_ROUND_UNSOLD',
          method: 'POST',
          path: '/api/v1/cases/:id/disposal/rounds/close',
        },
        {
          process: 'subsidy-claim',
          event: 'CLAW_BACK',
          method: 'POST',
          path: '/api/v1/subsidies/claims/:id/claw-back',
        },
      ]),
    );
    const rows = new Set(humanRows().map((r) => `${r.process}:${r.event}`));
    expect(routes.filter((r) => !rows.has(`${r.process}:${r.event}`))).toEqual([]);
  });

  it('fills a template with the subject ids and refuses a missing one', () => {
    expect(
      fillPath('/api/v1/cases/:id/compensation-claims/:claimId/pay', {
        id: 'C-1',
        claimId: 'C-1-INS',
      }),
    ).toBe('/api/v1/cases/C-1/compensation-claims/C-1-INS/pay');
    expect(() => fillPath('/api/v1/cases/:id/submit', {})).toThrow(':id');
  });
});
