import type { Core } from '@strapi/strapi';

const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  void strapi;
};

export default register;
