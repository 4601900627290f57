/** Custom-elements manifest (custom-elements.json) for Storybook and IDEs: the widgets' public API. */
export default {
  globs: ['src/**/*.ts'],
  // Tests, stories and the define helper (whose generic `customElements.define(tag, …)` would show
  // up as a bogus element named "tag") are not public API; tags come from each class's @tagname.
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts', 'src/shared/define.ts'],
  litelement: true,
  outdir: '.',
};
