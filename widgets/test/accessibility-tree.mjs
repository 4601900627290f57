/**
 * Server commands for the widget tests that read Chromium's accessibility tree of the test page
 * (over CDP; the tree screen readers read). @web/test-runner-commands' a11ySnapshot prunes nodes
 * without a name, so the empty live regions, the ones that matter, would not show. Both answer
 * `null` in a browser without CDP (Firefox over BiDi, WebKit over WebDriver): the tests skip there.
 *
 * - `live-regions`: every live region: role, politeness, whether the tree ignores it.
 * - `named-containers`: headings and the containers a screen reader announces by name (forms,
 *   regions, groups, articles, lists), with their names.
 */
const CONTAINER_ROLES = ['heading', 'form', 'region', 'group', 'radiogroup', 'article', 'list'];

export function accessibilityTreeCommands() {
  return {
    name: 'accessibility-tree',
    async executeCommand({ command, session }) {
      if (command !== 'live-regions' && command !== 'named-containers') return undefined;
      const page = session.browser.type === 'puppeteer' ? session.browser.getPage(session.id) : undefined;
      const cdp = await page?.createCDPSession().catch(() => undefined);
      if (!cdp) return null;
      try {
        const { nodes } = await cdp.send('Accessibility.getFullAXTree');
        const property = (node, name) => node.properties?.find((candidate) => candidate.name === name)?.value.value;
        if (command === 'named-containers') {
          return nodes
            .filter((node) => !node.ignored && CONTAINER_ROLES.includes(node.role?.value) && node.name?.value)
            .map((node) => ({ role: node.role.value, name: node.name.value }));
        }
        return nodes
          .filter((node) => ['status', 'alert', 'log'].includes(node.role?.value) || property(node, 'live'))
          .map((node) => ({ role: node.role?.value, live: property(node, 'live') ?? null, ignored: node.ignored }));
      } finally {
        await cdp.detach();
      }
    },
  };
}
