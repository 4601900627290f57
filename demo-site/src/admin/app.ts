export default {
  config: {
    locales: ['de'],
    // The town's own words in its editors' language: its article type, and the newsletter block
    // that references an article (the plugin names such blocks "<type> (reference)").
    translations: {
      de: {
        Article: 'Artikel',
        'civic-newsletter.entry-article': 'Artikel der Website',
        'content-manager.components.civic-newsletter.entry-article.entry': 'Artikel',
      },
      en: {
        'civic-newsletter.entry-article': 'Website article',
        'content-manager.components.civic-newsletter.entry-article.entry': 'Article',
      },
    },
  },
  bootstrap() {},
};
