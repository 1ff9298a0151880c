import { Injectable, RequestMethod, type OnModuleInit, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import {
  humanRows,
  PERFORMS_TRANSITION,
  ruleOf,
  type PerformedTransition,
  type ProcessName,
} from './performs-transition';

/** One route of a transition, as Nest routes it. */
export interface TransitionRoute extends PerformedTransition {
  method: string;
  /** The path template with its parameters, e.g. `/api/v1/cases/:id/submit`. */
  path: string;
}

/** An action of an allowed-actions answer: what to call, how, as whom. */
export interface AllowedAction {
  event: string;
  method: string;
  /** The route with the subject's ids filled in. */
  path: string;
  /** The caller's role, one of the row's performers. */
  role: string;
  description: string;
}

function joinPath(...parts: (string | string[] | undefined)[]): string {
  const segments = parts
    .map((part) => (Array.isArray(part) ? part[0] : part) ?? '')
    .flatMap((part) => part.split('/'))
    .filter(Boolean);
  return `/${segments.join('/')}`;
}

/** The marked routes of these controllers, read from their Nest and decorator metadata. */
export function transitionRoutesOf(controllers: readonly Type[]): TransitionRoute[] {
  const routes: TransitionRoute[] = [];
  for (const controller of controllers) {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const marks = Reflect.getMetadata(PERFORMS_TRANSITION, handler) as
        | PerformedTransition[]
        | undefined;
      if (!marks) continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined)
        throw new Error(`${controller.name}.${name} is marked @PerformsTransition but not routed`);
      for (const mark of marks)
        routes.push({ ...mark, method: RequestMethod[method], path: joinPath(base, path) });
    }
  }
  return routes;
}

/** Human rows (not SYSTEM) of every process that no route fires. */
export function rowsWithoutRoute(routes: readonly TransitionRoute[]): PerformedTransition[] {
  return humanRows().filter(
    (row) => !routes.some((r) => r.process === row.process && r.event === row.event),
  );
}

/** Fills `:name` parameters of a path template; throws on a parameter it was not given. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for :${name} in ${template}`);
    return encodeURIComponent(value);
  });
}

/**
 * The table {process, event} → route, built once at start-up from the controllers' marks
 * (`@PerformsTransition`), and the allowed-action items built from it.
 */
@Injectable()
export class TransitionRoutes implements OnModuleInit {
  private routes: TransitionRoute[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.routes = transitionRoutesOf(
      this.discovery
        .getControllers()
        .map((wrapper) => wrapper.metatype as Type | null)
        .filter((type): type is Type => Boolean(type)),
    );
  }

  all(): readonly TransitionRoute[] {
    return this.routes;
  }

  /**
   * The action for `event` of `process`, its path filled from `params` (the route whose
   * parameters are all given, when several routes fire the event). Null when no route fires it.
   */
  action(
    process: ProcessName,
    event: string,
    role: string,
    params: Record<string, string>,
  ): AllowedAction | null {
    const candidates = this.routes.filter((r) => r.process === process && r.event === event);
    const route =
      candidates.find((r) =>
        [...r.path.matchAll(/:([A-Za-z]+)/g)].every((m) => params[m[1]!] !== undefined),
      ) ?? null;
    if (!route) return null;
    return {
      event,
      method: route.method,
      path: fillPath(route.path, params),
      role,
      description: ruleOf(process, event)?.description ?? event,
    };
  }
}
