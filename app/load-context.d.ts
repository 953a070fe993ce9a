import "react-router";

declare module "react-router" {
  interface AppLoadContext {
    /** CSP nonce for this response, set by server.ts. */
    cspNonce?: string;
    /** CSRF token just issued in a cookie on this response (first visit), see app/auth/csrf.server.ts. */
    csrfToken?: string;
    /** The client's IP address as Express determined it. */
    clientIp?: string;
  }
}
