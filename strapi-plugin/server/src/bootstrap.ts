import type { LifecycleFn } from './types';

const bootstrap: LifecycleFn = async ({ strapi }) => {
  void strapi;
};

export default bootstrap;
