// The API-documentation assets that the server's /api/docs/ (Swagger UI) and /api/redoc/ (ReDoc) pages load.
// They come from npm packages and are served as plain files under /vendor/: copy-vendor.mjs copies them into
// dist/ after `vite build`, and vite.config.ts serves the same files in development.
//
// Each entry maps a URL path under /vendor/ to a file inside node_modules.
export const vendorAssets = [
  { url: 'swagger-ui/swagger-ui-bundle.js', from: 'swagger-ui-dist/swagger-ui-bundle.js' },
  { url: 'swagger-ui/swagger-ui-bundle.js.LICENSE.txt', from: 'swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt' },
  { url: 'swagger-ui/swagger-ui-standalone-preset.js', from: 'swagger-ui-dist/swagger-ui-standalone-preset.js' },
  {
    url: 'swagger-ui/swagger-ui-standalone-preset.js.LICENSE.txt',
    from: 'swagger-ui-dist/swagger-ui-standalone-preset.js.LICENSE.txt',
  },
  { url: 'swagger-ui/swagger-ui.css', from: 'swagger-ui-dist/swagger-ui.css' },
  { url: 'swagger-ui/LICENSE', from: 'swagger-ui-dist/LICENSE' },
  { url: 'swagger-ui/NOTICE', from: 'swagger-ui-dist/NOTICE' },
  // ReDoc 2.x: a classic script that defines the <redoc spec-url="..."> element.
  { url: 'redoc/redoc.standalone.js', from: 'redoc/bundles/redoc.standalone.js' },
  { url: 'redoc/redoc.standalone.js.LICENSE.txt', from: 'redoc/bundles/redoc.standalone.js.LICENSE.txt' },
  { url: 'redoc/LICENSE', from: 'redoc/LICENSE' },
];
