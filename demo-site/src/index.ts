import type { Core } from '@strapi/strapi';
import { seedDemoAdmin, seedMusterstadt } from './seed';

export default {
  register() {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // The demo town seeds itself on first start; a real town turns this off.
    if (process.env.CIVIC_DEMO_SEED !== 'false') {
      await seedMusterstadt(strapi);
      await seedDemoAdmin(strapi);
    }
  },
};
