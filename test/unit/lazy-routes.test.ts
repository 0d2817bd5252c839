// Lazy route groups (functions/api/lazy-routes.ts, issue 10): a group mounted with mountLazy answers
// exactly as the same group mounted with app.route() — path parameters, validation answers, errors
// through the app's onError, the app's 404 for any other method or path, a header set by an outer
// middleware after the route, every service in the context although the app put only the core
// ones there — and its module is imported once, on the first request. Every manifest in
// route-groups.ts lists exactly the routes its module registers.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { errorResponse, validationHook } from '../../functions/api/http/http-errors.js';
import { type LazyRouteGroup, loadGroup, mountLazy } from '../../functions/api/lazy-routes.js';
import * as groups from '../../functions/api/route-groups.js';
import { notFoundResponse } from '../../functions/api/app.js';
import type { AppEnv, CoreEnv } from '../../functions/api/http/env.js';
import type { CoreServices } from '../../functions/runtime/core-services.js';
import type { Services } from '../../functions/runtime/services.js';
import { errors } from '../../functions/errors.js';

function sampleGroup() {
  const sub = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  sub.openapi(
    createRoute({
      method: 'get',
      path: '/v1/things/{dept}/{id}',
      operationId: 'getThing',
      request: {
        params: z.object({ dept: z.string(), id: z.string() }),
        query: z.object({ n: z.coerce.number().int().min(1).default(1) }),
      },
      responses: { 200: { description: 'ok' } },
    }),
    (c) => {
      const { dept, id } = c.req.valid('param');
      if (id === 'missing') throw errors.notFound('no such thing', '无此项');
      if (id === 'crash') throw new Error('boom');
      return c.json(
        { dept, id, raw: c.req.param('id'), n: c.req.valid('query').n, services: (c.var.services as unknown as { marker: string }).marker },
        200,
      );
    },
  );
  sub.post('/v1/things', async (c) => c.json({ got: await c.req.json() }, 201));
  return sub;
}

const CORE = { marker: 'core only' } as unknown as CoreServices;
const ALL = { marker: 'all services' } as unknown as Services;

/**
 * The same group mounted eagerly and lazily, on apps like createApp's (onError, notFound, an outer
 * middleware): the eager one with every service in the context, the lazy one with the core ones.
 */
function apps() {
  let loads = 0;
  const group: LazyRouteGroup = {
    name: 'sample',
    load: async () => {
      loads++;
      return sampleGroup();
    },
    routes: [
      ['GET', '/v1/things/:dept/:id'],
      ['POST', '/v1/things'],
    ],
  };
  const make = (services: CoreServices, mount: (app: OpenAPIHono<CoreEnv>) => void) => {
    const app = new OpenAPIHono<CoreEnv>();
    app.onError((e, c) => errorResponse(c, e));
    app.notFound(notFoundResponse);
    app.use('*', async (c, next) => {
      c.set('services', services);
      await next();
      c.header('x-outer', 'after');
    });
    mount(app);
    return app;
  };
  return {
    eager: make(ALL, (app) => app.route('/', sampleGroup() as unknown as OpenAPIHono<CoreEnv>)),
    lazy: make(CORE, (app) => mountLazy(app, group, async () => ALL)),
    loads: () => loads,
  };
}

async function answer(res: Response) {
  return { status: res.status, outer: res.headers.get('x-outer'), body: await res.text() };
}

describe('lazy route groups', () => {
  const requests: Array<[string, RequestInit?]> = [
    ['/v1/things/D1/abc?n=3'],
    ['/v1/things/D%201/x%2Fy'],
    ['/v1/things/D1/abc?n=0'],
    ['/v1/things/D1/missing'],
    ['/v1/things/D1/crash'],
    ['/v1/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }],
    ['/v1/things/D1/abc', { method: 'DELETE' }],
    ['/v1/things', { method: 'GET' }],
    ['/v1/other'],
    ['/v1/things/D1/abc', { method: 'HEAD' }],
  ];

  it('answer every request exactly as the group mounted with app.route()', async () => {
    const { eager, lazy } = apps();
    const quiet = console.error;
    console.error = () => {};
    try {
      for (const [path, init] of requests) {
        const want = await answer(await eager.request(path, init));
        const got = await answer(await lazy.request(path, init));
        expect(got, `${init?.method ?? 'GET'} ${path}`).toEqual(want);
      }
    } finally {
      console.error = quiet;
    }
    // Spot-check what the sample answers, so that "equal" is not "equally broken".
    expect(await (await lazy.request('/v1/things/D1/abc?n=3')).json()).toEqual({
      dept: 'D1',
      id: 'abc',
      raw: 'abc',
      n: 3,
      services: 'all services',
    });
    expect((await lazy.request('/v1/things/D1/abc?n=0')).status).toBe(400);
    expect((await lazy.request('/v1/things/D1/missing')).status).toBe(404);
    expect((await lazy.request('/v1/things/D1/abc', { method: 'DELETE' })).status).toBe(404);
  });

  it('import the module on the first request to one of the routes, once', async () => {
    const { lazy, loads } = apps();
    expect(loads()).toBe(0);
    await lazy.request('/v1/other');
    expect(loads()).toBe(0);
    await Promise.all([
      lazy.request('/v1/things/D1/a'),
      lazy.request('/v1/things/D1/b'),
      lazy.request('/v1/things', { method: 'POST', body: '{}' }),
    ]);
    expect(loads()).toBe(1);
  });

  it("a manifest that names a route its module does not register fails that route with a 500, not the app's 404", async () => {
    const app = new OpenAPIHono<CoreEnv>();
    app.onError((e, c) => errorResponse(c, e));
    mountLazy(app, { name: 'drifted', load: async () => sampleGroup(), routes: [['PUT', '/v1/things/:id']] }, async () => ALL);
    const quiet = console.error;
    console.error = () => {};
    try {
      expect((await app.request('/v1/things/x', { method: 'PUT' })).status).toBe(500);
    } finally {
      console.error = quiet;
    }
  });

  it("every manifest in route-groups.ts lists exactly the routes its module registers, in the module's order", async () => {
    const all = Object.values(groups) as LazyRouteGroup[];
    expect(all.length).toBeGreaterThanOrEqual(11);
    for (const group of all) {
      const sub = await loadGroup(group);
      const registered: string[] = [];
      for (const r of sub.routes) if (!registered.includes(`${r.method} ${r.path}`)) registered.push(`${r.method} ${r.path}`);
      expect(
        group.routes.map(([m, p]) => `${m} ${p}`),
        group.name,
      ).toEqual(registered);
    }
  });
});
