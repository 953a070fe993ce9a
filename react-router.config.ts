import type { Config } from "@react-router/dev/config";

/** React Router 7 framework mode (decision 017). Server rendering on; every page also works without JavaScript. */
export default {
  appDirectory: "app",
  buildDirectory: "build",
  ssr: true,
  future: {
    // Loaders and actions get the HTTP request itself (one Request per page, so the signed-in user is looked up once);
    // data requests keep their `.data` suffix in request.url, which app/http/page-url.ts takes off where a URL is shown.
    v8_passThroughRequests: true,
    // `/path/` fetches its data from `/path/_.data` (React Router 8's format), so a trailing slash is kept apart.
    v8_trailingSlashAwareDataRequests: true,
    v8_viteEnvironmentApi: true,
  },
} satisfies Config;
