import type { TestApp } from './strapi';

export interface PublicRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
}

/** Every public route of the plugin, as its routes file declares them (so a new route is covered by itself). */
export function publicRoutes(app: TestApp): PublicRoute[] {
  const plugin = app.strapi.plugin('civic-dialog') as unknown as { routes: Record<string, { type?: string; routes: PublicRoute[] }> };
  const contentApi = Object.values(plugin.routes).find((group) => group.type === 'content-api');
  if (!contentApi) throw new Error('the plugin declares no content-api routes');
  return contentApi.routes.map(({ method, path }) => ({ method, path }));
}

/** The URL of a route with its `:params` filled in. */
export function routeUrl(app: TestApp, route: PublicRoute, params: Record<string, string> = {}, query = ''): string {
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x'));
  return `${app.baseUrl}/api/civic-dialog${path}${query}`;
}
