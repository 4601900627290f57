import { PLUGIN_ID } from '../pluginId';

/** Absolute admin paths (react-router adds the admin's basename). */
export const PROFILES_PATH = `/plugins/${PLUGIN_ID}`;
export const profilePath = (id: number | string) => `${PROFILES_PATH}/profiles/${id}`;

/** Editors manage topics and legal texts with Strapi's content manager. */
export const TOPICS_PATH = `/content-manager/collection-types/plugin::${PLUGIN_ID}.topic`;
export const LEGAL_TEXTS_PATH = `/content-manager/collection-types/plugin::${PLUGIN_ID}.legal-text`;
