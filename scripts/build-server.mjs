/**
 * Second half of `npm run build` (after `react-router build`): bundles server.ts and the app code it imports (bootstrap:
 * content validation, migrations, sync, demo seed; the database client) into build/server.mjs, so that production
 * runs on plain `node` without tsx's loader thread and transform caches (~118 MB of RSS; decisions 001 and 017).
 * Packages stay external (loaded from node_modules), as in React Router's own server build. esbuild is the project's
 * own devDependency.
 */
import * as esbuild from "esbuild";

const started = Date.now();
await esbuild.build({
  entryPoints: ["server.ts"],
  outfile: "build/server.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Bare imports are packages from node_modules; "~/…" is the app (tsconfig paths) and is bundled.
  plugins: [
    {
      name: "packages-external",
      setup(build) {
        build.onResolve({ filter: /^[^./~]|^~[^/]/ }, (args) => (args.kind === "entry-point" ? undefined : { path: args.path, external: true }));
      },
    },
  ],
  // db/migrate.ts finds db/migrations next to itself (import.meta.url), which in the bundle is build/.
  banner: { js: 'process.env.MIGRATIONS_DIR ??= decodeURIComponent(new URL("../db/migrations", import.meta.url).pathname);' },
  logLevel: "warning",
});
console.log(`[build] build/server.mjs in ${Date.now() - started} ms`);
