/** The German texts of <civic-alerts>: a chunk of their own (alerts.translations.ts). */
const de = {
  label: 'Aktuelle Warnungen der Stadt',
  none: '',
  severity: { info: 'Hinweis', warning: 'Warnung', danger: 'Gefahr' } as Record<'info' | 'warning' | 'danger', string>,
  wholeTown: 'ganze Stadt',
  district: (name: string) => `Stadtteil ${name}`,
  postalCode: (code: string) => `PLZ ${code}`,
  area: (text: string) => `Gebiet: ${text}`,
  validUntil: (when: string) => `gültig bis ${when}`,
  loadError: 'Die aktuellen Warnungen konnten nicht geladen werden.',
};

export default de;
