import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** CSP nonce for this response, set by server.ts. */
    cspNonce?: string;
  }
}

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
