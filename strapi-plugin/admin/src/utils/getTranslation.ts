import { PLUGIN_ID } from '../pluginId';

/** The react-intl id of a plugin string: translations are registered with this prefix. */
export const getTranslation = (id: string) => `${PLUGIN_ID}.${id}`;
