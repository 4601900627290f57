/** Custom-elements manifest (custom-elements.json) for Storybook and IDEs: the widgets' public API. */
export default {
  globs: ['src/**/*.ts'],
  // Tests, stories and the define helper (whose generic `customElements.define(tag, …)` would show
  // up as a bogus element named "tag") are not public API; tags come from each class's @tagname.
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts', 'src/shared/define.ts'],
  litelement: true,
  outdir: '.',
  plugins: [
    {
      // What a widget inherits from src/shared/civic-element.ts is the update machinery (like
      // LitElement's members before it), not the widget's API: left out of each widget's entry.
      name: 'civic-hide-base-members',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.customElement) continue;
            declaration.members = declaration.members?.filter((member) => !member.inheritedFrom?.module?.includes('civic-element'));
          }
        }
      },
    },
  ],
};
