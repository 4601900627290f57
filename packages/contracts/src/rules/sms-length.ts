/**
 * The length of an SMS in segments (what a provider bills and a phone joins again): GSM-7 when
 * every character is in the GSM 03.38 alphabet (160 per SMS, 153 per part of a long one; the
 * extension characters ^ { } \ [ ] ~ | € and form feed take two), else UCS-2 (70, or 67 per part;
 * a character outside the Basic Multilingual Plane, an emoji, takes two). A character is never
 * split over two parts. Pure: the server checks texts with it, the admin shows it to editors.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[]~|€\f';

const basic = new Set(Array.from(GSM7_BASIC));
const extension = new Set(Array.from(GSM7_EXTENSION));

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Characters as a reader counts them (code points). */
  characters: number;
  /** Units the text takes: septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** 0 for an empty text. */
  segments: number;
  /** Units one segment holds at this length (160/153 or 70/67). */
  perSegment: number;
  /** Units left in the last segment before another one starts. */
  remaining: number;
}

/** Most segments one text may take (the server refuses longer texts): 6 parts = 918 GSM-7 or 402 UCS-2 units. */
export const SMS_MAX_SEGMENTS = 6;

/** Whether every character of the text is in the GSM-7 alphabet (basic or extension table). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!basic.has(char) && !extension.has(char)) return false;
  return true;
}

/** Encoding, units and segments of a text (see the file's comment). */
export function smsLength(text: string): SmsLength {
  const chars = Array.from(text);
  const gsm = isGsm7(text);
  const unitsOf = (char: string) => (gsm ? (extension.has(char) ? 2 : 1) : char.length);
  const units = chars.reduce((sum, char) => sum + unitsOf(char), 0);
  const single = gsm ? 160 : 70;
  const part = gsm ? 153 : 67;
  if (units === 0) return { encoding: gsm ? 'GSM-7' : 'UCS-2', characters: 0, units: 0, segments: 0, perSegment: single, remaining: single };
  if (units <= single) return { encoding: gsm ? 'GSM-7' : 'UCS-2', characters: chars.length, units, segments: 1, perSegment: single, remaining: single - units };
  // Long texts: fill parts one character at a time, so a two-unit character starts the next part instead of being split.
  let segments = 1;
  let used = 0;
  for (const char of chars) {
    const size = unitsOf(char);
    if (used + size > part) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', characters: chars.length, units, segments, perSegment: part, remaining: part - used };
}
