import type { LifecycleFn } from './types';

const register: LifecycleFn = async ({ strapi }) => {
  void strapi;
};

export default register;
