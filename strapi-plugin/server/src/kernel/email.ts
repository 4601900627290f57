/** The one spelling of an address the plugin stores and compares: trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Providers that deliver `f.o.o@` to `foo@`: dots in their local part do not make another mailbox. */
const DOTLESS_DOMAINS: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * The mailbox an address reaches, for counting mails per person (never stored, never mailed to):
 * lower case, without a `+tag`, and for providers that ignore them without dots, so the variants of
 * one address share one mail budget and cooldown.
 */
export function mailboxKey(email: string): string {
  const normalised = normaliseEmail(email);
  const at = normalised.lastIndexOf('@');
  if (at < 1) return normalised;
  let local = normalised.slice(0, at);
  let domain = normalised.slice(at + 1);
  local = local.split('+')[0] || local;
  if (DOTLESS_DOMAINS[domain]) {
    domain = DOTLESS_DOMAINS[domain]!;
    local = local.replace(/\./g, '');
  }
  return `${local}@${domain}`;
}
