import type { LifecycleFn } from './types';

const destroy: LifecycleFn = async ({ strapi }) => {
  void strapi;
};

export default destroy;
