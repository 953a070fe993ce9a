import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { matchRoutes, type RouteObject } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/demo/staff";
import { startApp, type RunningApp } from "./harness";

/**
 * React 18's streaming renderer left NUL bytes (0x00) in the HTML where a 3-byte Japanese character fell on a chunk
 * boundary (react issue 24985; 11 pages had them). This walks the production server as an anonymous resident and as
 * each kind of staff member, following every same-site link, and fails on any text body (HTML, CSV, JSON, SVG) with a
 * 0x00 byte. It also fails if a
 * route file of the build was not reached, so a new page kind is walked too.
 */
interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
}

function routeTree(): { tree: RouteObject[]; ids: string[] } {
  const assets = path.resolve("build/client/assets");
  const file = readdirSync(assets).find((name) => /^manifest-.*\.js$/.test(name))!;
  const source = readFileSync(path.join(assets, file), "utf8");
  const routes = (JSON.parse(source.slice(source.indexOf("=") + 1).replace(/;\s*$/, "")) as { routes: Record<string, ManifestRoute> }).routes;
  const build = (parentId: string | undefined): RouteObject[] =>
    Object.values(routes)
      .filter((r) => r.parentId === parentId)
      .map((r) => (r.index ? { id: r.id, index: true, path: r.path } : { id: r.id, path: r.path, children: build(r.id) }));
  return { tree: build(undefined), ids: Object.keys(routes).filter((id) => id !== "root") };
}

class Visitor {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(url: string, init: RequestInit = {}): Promise<{ status: number; body: Buffer; location: string | null; type: string; cacheControl: string }> {
    const response = await fetch(new URL(url, this.base), { ...init, redirect: "manual", headers: { Cookie: this.header(), ...(init.headers ?? {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      this.cookies.set(name!.trim(), value.join("="));
    }
    return {
      status: response.status,
      body: Buffer.from(await response.arrayBuffer()),
      location: response.headers.get("Location"),
      type: response.headers.get("Content-Type") ?? "",
      cacheControl: response.headers.get("Cache-Control") ?? "",
    };
  }

  async post(url: string, fields: Record<string, string>) {
    const body = new URLSearchParams({ _csrf: this.cookies.get("manabiya_csrf") ?? "", ...fields });
    return this.request(url, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: this.base } });
  }

  async signIn(organization: "阿見町" | "小美玉市", staffNumber: string) {
    const page = (await this.request("/login")).body.toString("utf8");
    const organizationId = new RegExp(`<option value="([0-9a-f-]{36})"[^>]*>${organization}<`).exec(page)?.[1];
    expect(organizationId, `${organization} is offered on /login`).toBeDefined();
    const signedIn = await this.post("/login", { organizationId: organizationId!, identifier: staffNumber, password: DEMO_PASSWORD, redirectTo: "/" });
    expect(signedIn.status, `sign-in of ${organization} ${staffNumber}`).toBe(302);
  }
}

const PER_ROUTE = 2;
const MAX_PAGES = 600;

describe("no response body contains a NUL byte, and nothing personal is cacheable", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("on any page a resident or a staff member can reach", async () => {
    const { tree, ids } = routeTree();
    const routesOf = (pathname: string): string[] => matchRoutes(tree, pathname)?.map((m) => m.route.id ?? "") ?? [];
    const reached = new Map<string, string>();
    const withNul: string[] = [];
    let pages = 0;

    // Whatever a signed-in member of staff is sent may hold personal data: it must never be stored (#18). QR code
    // images of public pages may be.
    const stored: string[] = [];
    const walk = async (visitor: Visitor, starts: string[]) => {
      const seen = new Set<string>();
      const perRoute = new Map<string, number>();
      const queue = [...starts];
      while (queue.length > 0 && pages < MAX_PAGES) {
        const url = queue.shift()!;
        if (seen.has(url)) continue;
        seen.add(url);
        const { pathname } = new URL(url, app.url);
        const matched = routesOf(pathname);
        const id = matched.at(-1) ?? "(none)";
        const count = perRoute.get(id) ?? 0;
        if (count >= PER_ROUTE && !starts.includes(url)) continue;
        perRoute.set(id, count + 1);
        const res = await visitor.request(url);
        pages++;
        for (const routeId of matched) if (!reached.has(routeId)) reached.set(routeId, url);
        const text = /^(text\/|application\/json|image\/svg)/.test(res.type);
        if (visitor.cookies.has("manabiya_session") && !res.type.startsWith("image/") && !res.cacheControl.includes("no-store"))
          stored.push(`${url}: ${res.cacheControl || "(none)"}`);
        if (text && res.body.includes(0)) withNul.push(`${url} (${res.body.indexOf(0)} of ${res.body.length} bytes)`);
        if (res.location?.startsWith("/")) queue.push(res.location);
        if (!res.type.startsWith("text/html")) continue;
        for (const [, href] of res.body.toString("utf8").matchAll(/href="(\/[^"#]*)"/g)) {
          const link = href!.replaceAll("&amp;", "&");
          if (!link.startsWith("/assets/") && !link.startsWith("//") && !/\.(svg|css|ico|png)$/.test(link)) queue.push(link);
        }
      }
    };

    const reachedUrls = (pattern: RegExp) => [...new Set([...reached.values()].filter((u) => pattern.test(u)))];

    const resident = new Visitor(app.url);
    await walk(resident, [
      "/",
      "/courses",
      "/classes",
      "/verify",
      "/verify/ABCD-EFGH-JKLM",
      "/classes/lookup",
      "/preferences",
      "/reset-password/not-a-real-token",
      "/no-such-page",
      "/open-data/ami/kpis.json",
      "/logout",
    ]);
    // A registration (its receipt), and the pages a class's QR codes lead to.
    const classPage = reachedUrls(/^\/classes\/[0-9a-f-]{36}$/)[0];
    expect(classPage, "a class page was reached").toBeDefined();
    const registration = await resident.post(classPage!, {
      name: "試験　花子",
      nameKana: "しけん　はなこ",
      phone: "029-000-0000",
      district: "本郷",
      ageBand: "70s",
      consent: "yes",
    });
    expect(registration.location, "the registration leads to its receipt").toMatch(/\/receipt\//);
    expect((await resident.request(registration.location!)).cacheControl, "the receipt is never stored").toBe("private, no-store");
    await walk(resident, [registration.location!, `${classPage}/checkin`, `${classPage}/survey`]);

    const staffStarts = ["/", "/learning", "/trainings", "/account", "/account/password", "/preferences", "/admin", "/admin/classes/personal-data/csv"];
    for (const program of ["/programs/dx-promoter", "/admin/programs/dx-promoter"])
      staffStarts.push(program, `${program}/activities`, `${program}/report`, `${program}/csv`);
    const staff = new Map<string, Visitor>();
    for (const [organization, staffNumber] of [
      ["阿見町", "9001"],
      ["阿見町", "1001"],
      ["阿見町", "1002"],
      ["阿見町", "1003"],
      ["阿見町", "1004"],
      ["阿見町", "1005"],
      ["阿見町", "2002"],
      ["小美玉市", "1001"],
    ] as const) {
      const visitor = new Visitor(app.url);
      await visitor.signIn(organization, staffNumber);
      staff.set(`${organization}${staffNumber}`, visitor);
      await walk(visitor, staffStarts);
    }

    // HR uploads a roster (its preview page); a learner starts the mandatory exam (the attempt page).
    const hr = staff.get("阿見町1001")!;
    const upload = new FormData();
    upload.set("_csrf", hr.cookies.get("manabiya_csrf")!);
    upload.set("file", new Blob([readFileSync("tests/fixtures/roster-sample-sjis.csv")], { type: "text/csv" }), "roster.csv");
    const imported = await hr.request("/admin/import", { method: "POST", body: upload, headers: { Origin: app.url } });
    expect(imported.location, "the roster upload leads to its preview").toMatch(/^\/admin\/import\/[0-9a-f-]{36}$/);
    const learner = staff.get("阿見町1005")!;
    await learner.request("/courses/security-basics/quiz/final");
    const started = await learner.post("/courses/security-basics/quiz/final", {});
    expect(started.location, "the exam's attempt was started").toMatch(/\/attempt\/[0-9a-f-]{36}$/);
    await walk(hr, [imported.location!]);
    await walk(learner, [started.location!]);
    // The page a series' QR code (shown to instructors) opens.
    const seriesPages = reachedUrls(/^\/classes\/series\/[0-9a-f-]{36}\/qr\//).map((u) => u.replace(/\/qr\/.*$/, ""));
    expect(seriesPages.length, "a series QR code was reached").toBeGreaterThan(0);
    await walk(resident, seriesPages);

    expect(withNul).toEqual([]);
    expect(stored, "signed-in answers without Cache-Control: no-store").toEqual([]);
    const missing = ids.filter((id) => !reached.has(id));
    expect(missing, `route files not reached (pages walked: ${pages})`).toEqual([]);
  });
});
