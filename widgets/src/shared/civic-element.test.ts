import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { html } from 'lit/html.js';
import { CivicElement, css, type PropertyValues } from './civic-element.js';

/** A small element with each kind of property the widgets declare; it records its updates. */
class Probe extends CivicElement {
  static override styles = [css`p { color: rgb(1, 2, 3); }`];
  static override properties = {
    label: {},
    count: { type: Number },
    clicks: { state: true, attribute: false },
  };
  declare label: string;
  declare count: number;
  declare clicks: number;
  readonly updates: PropertyValues[] = [];

  constructor() {
    super();
    this.label = 'start';
    this.clicks = 0;
  }

  protected override willUpdate(changed: PropertyValues): void {
    this.updates.push(new Map(changed));
  }

  protected override render(): unknown {
    return html`<p @click=${this.#onClick}>${this.label} ${this.count} ${this.clicks}</p>`;
  }

  #onClick(): void {
    // `this` is the element: template listeners run with the host as `this`.
    this.clicks += 1;
  }
}
customElements.define('civic-probe', Probe);

const text = (element: Probe) => element.renderRoot.querySelector('p')!.textContent;

describe('CivicElement', () => {
  it('renders its properties from attributes (a number for type: Number) with its styles, in one update', async () => {
    const element = await fixture<Probe>(testHtml`<civic-probe label="Hallo" count="3"></civic-probe>`);
    expect(text(element)).to.equal('Hallo 3 0');
    expect(element.updates).to.have.length(1);
    expect(element.count).to.equal(3);
    expect(getComputedStyle(element.renderRoot.querySelector('p')!).color).to.equal('rgb(1, 2, 3)');
    expect(Probe.observedAttributes).to.deep.equal(['label', 'count']);
  });

  it('batches changes into one update whose map holds the old values, and updateComplete waits for it', async () => {
    const element = await fixture<Probe>(testHtml`<civic-probe label="a"></civic-probe>`);
    element.label = 'b';
    element.label = 'c';
    element.setAttribute('count', '7');
    element.label = 'c';
    expect(await element.updateComplete).to.equal(true);
    expect(element.updates).to.have.length(2);
    expect([...element.updates[1]!]).to.deep.equal([
      ['label', 'a'],
      ['count', undefined],
    ]);
    expect(text(element)).to.equal('c 7 0');
    element.removeAttribute('count');
    await element.updateComplete;
    expect(element.count).to.equal(null);
  });

  it('runs template listeners with the element as `this`', async () => {
    const element = await fixture<Probe>(testHtml`<civic-probe></civic-probe>`);
    element.renderRoot.querySelector('p')!.click();
    await element.updateComplete;
    expect(text(element)).to.equal('start  1');
  });

  it('keeps a value set before the element upgraded (a page script ran before the widget chunk)', async () => {
    const element = document.createElement('civic-probe-late') as Probe;
    (element as unknown as { label: string }).label = 'early';
    document.body.append(element);
    customElements.define('civic-probe-late', class extends Probe {});
    await element.updateComplete;
    expect(text(element)).to.equal('early  0');
    expect(element.updates[0]!.get('label')).to.equal(undefined);
    element.remove();
  });

  it('does not update before it is connected', async () => {
    const element = document.createElement('civic-probe') as Probe;
    element.label = 'waiting';
    await Promise.resolve();
    expect(element.updates).to.have.length(0);
    document.body.append(element);
    await element.updateComplete;
    expect(text(element)).to.equal('waiting  0');
    element.remove();
  });
});
