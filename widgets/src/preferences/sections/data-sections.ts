/**
 * The preference center's consent history and its data section (unsubscribe from all, download,
 * erase, with the erase confirmation): a chunk of their own. Only a manage link opens them, and
 * the chunk loads alongside the session and the preferences, so the center appears whole at once;
 * a page that only offers the link request never downloads it.
 */
export { renderHistory } from './history.js';
export { renderEraseConfirmation, renderYourData } from './your-data.js';
