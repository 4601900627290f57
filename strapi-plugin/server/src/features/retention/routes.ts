import type { Route } from '../../kernel/feature';
import { can } from '../../kernel/http/routes';

/** Read-only: who may read profiles may see what retention deletes (counts, no people). */
export const admin: Route[] = [
  { method: 'GET', path: '/retention', handler: 'retentionAdmin.overview', config: { policies: can('profiles.read') } },
];
