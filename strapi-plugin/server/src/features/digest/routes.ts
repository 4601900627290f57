import type { Route } from '../../kernel/feature';
import { can } from '../../kernel/http/routes';

/** Read-only, like retention's overview: counts and settings, no people. */
export const admin: Route[] = [{ method: 'GET', path: '/digest', handler: 'digestAdmin.overview', config: { policies: can('profiles.read') } }];
