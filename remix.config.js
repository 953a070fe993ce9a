/** Remix 2, classic compiler (see docs/decisions/001-remix-classic-compiler.md). */
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // The server bundle keeps node_modules external; these ESM-only packages are bundled instead.
  serverDependenciesToBundle: [/^markdown-it-ruby/],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
