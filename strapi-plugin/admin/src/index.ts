import { Mail } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';

import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { getTranslation } from './utils/getTranslation';
import { PROFILES_PATH } from './utils/paths';

type MenuLink = Parameters<StrapiApp['addMenuLink']>[0];

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: PROFILES_PATH.slice(1),
      icon: Mail,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Civic Dialog' },
      // The menu only compares action and subject; the full Permission type describes stored rows.
      // Shown to editors who may read profiles, events or surveys (the menu needs any one of them).
      permissions: [...PERMISSIONS.readProfiles, ...PERMISSIONS.readEvents, ...PERMISSIONS.readSurveys] as MenuLink['permissions'],
      Component: () => import('./pages/App').then((module) => ({ default: module.App })),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Civic Dialog' });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: messages } = (await import(`./translations/${locale}.json`)) as {
            default: Record<string, string>;
          };
          return { locale, data: prefixKeys(messages) };
        } catch {
          // No file for this admin language: Strapi falls back to the defaultMessage texts.
          return { locale, data: {} };
        }
      }),
    );
  },
};

function prefixKeys(messages: Record<string, string>) {
  return Object.fromEntries(Object.entries(messages).map(([id, text]) => [getTranslation(id), text]));
}
