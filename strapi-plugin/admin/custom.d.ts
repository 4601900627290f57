// '@strapi/strapi/admin' ships its own types (re-exporting @strapi/admin), resolved from
// @strapi/strapi's install location; no ambient re-declaration is needed here.
export {};
