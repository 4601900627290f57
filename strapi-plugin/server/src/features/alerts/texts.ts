import type { AlertSeverity, Locale } from '@civic-dialog/contracts';

/** The words of alert mails and pages in both languages. */
export const ALERT_TEXTS = {
  de: {
    severity: { info: 'Hinweis', warning: 'Warnung', danger: 'Gefahr' } satisfies Record<AlertSeverity, string>,
    wholeTown: 'ganze Stadt',
    district: 'Stadtteil',
    postalCode: 'PLZ',
    confirmTitle: 'Warnungen bestätigen',
    confirmIntro: (area: string) => `Sie erhalten dann Warnungen der Stadt für dieses Gebiet: ${area}.`,
    confirmButton: 'Warnungen bestätigen',
    confirmedTitle: 'Warnungen bestätigt',
    confirmedText: (area: string) => `Sie erhalten ab jetzt Warnungen für dieses Gebiet: ${area}.`,
  },
  en: {
    severity: { info: 'Notice', warning: 'Warning', danger: 'Danger' } satisfies Record<AlertSeverity, string>,
    wholeTown: 'whole town',
    district: 'district',
    postalCode: 'postal code',
    confirmTitle: 'Confirm alerts',
    confirmIntro: (area: string) => `You will then receive the town's alerts for this area: ${area}.`,
    confirmButton: 'Confirm alerts',
    confirmedTitle: 'Alerts confirmed',
    confirmedText: (area: string) => `From now on you receive alerts for this area: ${area}.`,
  },
} as const;

/** An area in words: "Stadtteil Nord, PLZ 12345" or "ganze Stadt". */
export function areaText(locale: Locale, area: { wholeTown?: boolean; districts?: string[]; postalCodes?: string[] }): string {
  const t = ALERT_TEXTS[locale];
  const parts = [...(area.districts ?? []).map((d) => `${t.district} ${districtName(d)}`), ...(area.postalCodes ?? []).map((p) => `${t.postalCode} ${p}`)];
  return area.wholeTown || !parts.length ? t.wholeTown : parts.join(', ');
}

/** How districts and postal codes are compared: districts case-insensitively, postal codes without spaces, upper case. */
export const normaliseDistrict = (district: string) => district.trim().toLowerCase();
/** A stored (lower-case) district as people read it: each word capitalised, "bad cannstatt" → "Bad Cannstatt". */
export const districtName = (district: string) => district.replace(/(^|\s)(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
export const normalisePostalCode = (code: string) => code.replace(/\s+/g, '').toUpperCase();
