// Lazy route groups (issue 10): a group of routes whose module — its zod contracts, its services'
// helpers, its OpenAPI definitions — is imported with `import()` on the first request to one of its
// routes, so that esbuild puts it in a chunk of its own and a Lambda cold start does not evaluate
// it. The app registers, in the group's place, one stand-in per route of the group's manifest (the
// same method and path pattern, so the router, the path parameters and the 404 for anything else
// are exactly those of the mounted group); the stand-in puts every service in the context (on the
// API Lambda the services beyond the core ones are built then, see lambda.ts) and runs the group's
// own handlers for that route (route middleware, validators, handler) with the same context. An
// error thrown there reaches the app's onError as before (the groups set no onError of their own).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Handler, MiddlewareHandler } from 'hono';
import type { Services } from '../runtime/services.js';
import type { AppEnv, CoreEnv } from './http/env.js';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface LazyRouteGroup {
  /** The module, for messages and the test that checks the manifest. */
  readonly name: string;
  readonly load: () => Promise<OpenAPIHono<AppEnv>>;
  /**
   * Every route the module registers, as Hono registers it (`:param`), in its order. Written here
   * because reading it from the module would import it; test/unit/lazy-routes.test.ts checks that
   * it equals what the module registers.
   */
  readonly routes: ReadonlyArray<readonly [RouteMethod, string]>;
}

const loaded = new WeakMap<LazyRouteGroup, Promise<OpenAPIHono<AppEnv>>>();

/** The group's sub-app, imported once (a failed import is tried again on the next request). */
export function loadGroup(group: LazyRouteGroup): Promise<OpenAPIHono<AppEnv>> {
  let p = loaded.get(group);
  if (!p) {
    p = group.load();
    loaded.set(group, p);
    p.catch(() => loaded.delete(group));
  }
  return p;
}

/**
 * Registers the stand-ins of `group`'s routes on `app`, where `app.route('/', group)` would go.
 * `services` gives every service (the group's handlers may use any of them).
 */
export function mountLazy(app: OpenAPIHono<CoreEnv>, group: LazyRouteGroup, services: () => Promise<Services>): void {
  for (const [method, path] of group.routes) {
    let handlers: Promise<Handler<AppEnv>[]> | undefined;
    const standIn: MiddlewareHandler<CoreEnv> = async (c, next) => {
      if (!handlers) {
        handlers = loadGroup(group).then((sub) => {
          const hs = sub.routes.filter((r) => r.method === method && r.path === path).map((r) => r.handler as Handler<AppEnv>);
          if (hs.length === 0) throw new Error(`lazy route group ${group.name} registers no ${method} ${path}`);
          return hs;
        });
        handlers.catch(() => {
          handlers = undefined;
        });
      }
      const [hs, all] = await Promise.all([handlers, services()]);
      c.set('services', all);
      // The context now holds every service: it is the context the group's handlers are typed for.
      return runHandlers(hs, c as unknown as Context<AppEnv>, next);
    };
    app.on(method, path, standIn);
  }
}

/**
 * Runs a route's handlers in order as hono's compose does within one app: each gets a `next` that
 * runs the rest, a returned Response becomes `c.res` unless the context is already finalized, and
 * past the last one the app's own chain goes on. The request's route index is left alone, so
 * `c.req.param()` reads the stand-in's match, whose pattern is the route's own.
 */
async function runHandlers(handlers: Handler<AppEnv>[], c: Context<AppEnv>, next: () => Promise<void>): Promise<Response | undefined> {
  const dispatch = async (i: number): Promise<Response | undefined> => {
    const handler = handlers[i];
    if (!handler) {
      await next();
      return undefined;
    }
    const res = await handler(c, async () => {
      const r = await dispatch(i + 1);
      if (r && !c.finalized) c.res = r;
    });
    return res instanceof Response ? res : undefined;
  };
  return dispatch(0);
}
