import { CivicElement } from '../shared/civic-element.js';
import { html, nothing } from 'lit/html.js';
import type { Locale, PublicAlert, PublicAlertList } from '@civic-dialog/contracts';
import { CivicApiClient } from '../shared/api-client.js';
import { baseStyles } from '../shared/base.styles.js';
import { formatDateTime, READER_TIME_ZONE } from '../shared/date-format.js';
import { LocalizeController } from '../shared/localize.js';
import { alertsStyles } from './alerts.styles.js';
import { alertsTexts, type AlertsTexts } from './alerts.translations.js';

/** How often the list is asked again by default, in seconds (the server lets caches keep it 30 s). */
const DEFAULT_REFRESH_SECONDS = 60;

/**
 * The town's current urgent alerts ("Warnungen"), e.g. on the home page: a polite live region, so
 * a screen reader announces a new alert without the focus moving; nothing is shown while there is
 * none. Reads GET /api/civic-dialog/alerts (no personal data) and asks again every `refresh` seconds.
 *
 * @tagname civic-alerts
 * @attr {string} api - Base URL of the CMS, e.g. `https://cms.musterstadt.de`.
 * @attr {number} refresh - Seconds between two looks for new alerts (0: only once); default 60.
 *
 * @csspart base - Wrapper and live region (role=status, aria-live=polite).
 * @csspart list - The list of alerts.
 * @csspart alert - One alert (data-severity: info, warning, danger).
 * @csspart error - Shown when the list could not be loaded.
 *
 * @cssprop [--civic-alert-info=#0b57a4] - Bar colour of a notice.
 * @cssprop [--civic-alert-warning=#8a5a00] - Bar colour of a warning.
 * @cssprop [--civic-alert-danger=#b3261e] - Bar colour of a danger.
 */
export class CivicAlerts extends CivicElement {
  static override styles = [baseStyles, alertsStyles];

  static override properties = {
    api: {},
    refresh: { type: Number },
    alerts: { state: true, attribute: false },
    failed: { state: true, attribute: false },
  };

  declare api: string;
  declare refresh: number;
  declare private alerts: PublicAlert[];
  declare private failed: boolean;

  readonly #localize = new LocalizeController<AlertsTexts>(this, alertsTexts);
  #timer: ReturnType<typeof setInterval> | undefined;
  #loadedFrom = '';

  constructor() {
    super();
    this.api = '';
    this.refresh = DEFAULT_REFRESH_SECONDS;
    this.alerts = [];
    this.failed = false;
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#localize.whenReady(() => super.scheduleUpdate());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#schedule();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('refresh')) this.#schedule();
    if (this.api && this.api !== this.#loadedFrom) {
      this.#loadedFrom = this.api;
      void this.load();
    }
  }

  #schedule(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.isConnected && this.refresh > 0) this.#timer = setInterval(() => void this.load(), this.refresh * 1000);
  }

  /** Asks for the current alerts now (also every `refresh` seconds). */
  async load(): Promise<void> {
    if (!this.api) return;
    try {
      const { data } = await new CivicApiClient(this.api).send<PublicAlertList>('GET', '/alerts');
      this.alerts = data;
      this.failed = false;
    } catch {
      // The alerts already shown stay; a lasting failure says so, quietly.
      this.failed = true;
    }
  }

  #area(alert: PublicAlert, t: AlertsTexts): string {
    if (alert.area.wholeTown) return t.wholeTown;
    return [...alert.area.districts.map(t.district), ...alert.area.postalCodes.map(t.postalCode)].join(', ');
  }

  #text(alert: PublicAlert, locale: Locale): string {
    return (locale === 'en' && alert.shortText.en) || alert.shortText.de;
  }

  protected override render() {
    const t = this.#localize.t;
    const locale = this.#localize.locale;
    return html`<div class="base" part="base" role="status" aria-live="polite" aria-label=${t.label}>
      ${this.alerts.length
        ? html`<ul part="list">
            ${this.alerts.map(
              (alert) => html`<li part="alert" data-severity=${alert.severity} lang=${locale === 'en' && !alert.shortText.en ? 'de' : locale}>
                <span class="severity">${t.severity[alert.severity]}:</span> ${this.#text(alert, locale)}
                <span class="meta">${t.area(this.#area(alert, t))} · ${t.validUntil(formatDateTime(locale, alert.validUntil, READER_TIME_ZONE))}</span>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${this.failed && !this.alerts.length ? html`<p part="error">${t.loadError}</p>` : nothing}
    </div>`;
  }
}
