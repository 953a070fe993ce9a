import { z } from "zod";

/**
 * Every environment variable the app reads, validated once (decision 024). `.env.example` lists the same variables
 * with their defaults (tests/unit/env.test.ts keeps the two in step); bench/, scripts/ and tests/ may still read
 * their own variables from process.env.
 *
 * - A variable that is unset, empty or only spaces counts as unset and takes its default.
 * - Integers: a count with a range; booleans: true / false or 1 / 0 (any case); URLs where the app builds on them.
 * - A wrong value throws EnvError: one Japanese line per wrong variable, naming it and saying what is expected.
 *
 * Never call env() at a module's top level: server.ts sets NODE_ENV before its first call, and a wrong value must
 * reach server.ts's start-up handling rather than fail an import.
 */

/** Where PGlite keeps its files when PGLITE_DIR is unset (db/client.ts re-exports it as DEFAULT_DATA_DIR). */
export const DEFAULT_PGLITE_DIR = "./.data/pglite";

/** What a wrong value is told to be: "環境変数 X は <expected>で指定してください". */
interface Expectation {
  expected: string;
  /** The value may hold a password: it is not repeated in the message. */
  secret?: boolean;
}

const expectations = z.registry<Expectation>();

function described<T extends z.ZodType>(schema: T, expected: string, secret = false): T {
  expectations.add(schema, { expected, secret });
  return schema;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const count = (min: number, max: number, fallback: number) => described(integer(min, max).default(fallback), `${min}〜${max} の整数`);

const BOOLEAN_EXPECTED = "true か false（1 か 0 でも可）";
const boolean = () => z.stringbool({ truthy: ["true", "1"], falsy: ["false", "0"] });
const flag = (fallback: boolean) => described(boolean().default(fallback), BOOLEAN_EXPECTED);

const text = () => z.string().trim();
const optionalText = (expected = "文字列") => described(text().optional(), expected);

/** One entry of Express's `trust proxy` list: an address, a subnet or one of proxy-addr's names. */
const proxyAddress = z.union([z.enum(["loopback", "linklocal", "uniquelocal"]), z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

/**
 * Express's `trust proxy`: a number of proxies in front (a string "1" would be read by Express as an IP address and
 * trust nobody), true / false, or a comma-separated list of addresses kept as the string Express splits itself.
 */
const trustProxy = z.union([
  integer(0, 16),
  z.stringbool({ truthy: ["true"], falsy: ["false"] }),
  text()
    .transform((value) => value.split(",").map((entry) => entry.trim()))
    .pipe(z.array(proxyAddress))
    .transform((entries) => entries.join(",")),
]);

const envSchema = z.object({
  // 実行モード。npm start では server.ts が production にします / Run mode; server.ts sets production under npm start.
  NODE_ENV: optionalText(),
  // HTTP のポート番号 / HTTP port.
  PORT: count(1, 65535, 3000),
  // 待ち受けるインターフェース / Interface to listen on.
  HOST: described(text().default("0.0.0.0"), "IP アドレスかホスト名"),
  // リバースプロキシの後ろで動かすときの Express の trust proxy / Express `trust proxy` behind a reverse proxy.
  TRUST_PROXY: described(
    trustProxy.optional(),
    "前にあるプロキシの数（0〜16 の整数）、true か false、または信頼するプロキシの IP アドレスかサブネットのカンマ区切り（loopback なども可）",
  ),
  // サーバーのプロセス数（2 以上は Postgres のみ）/ Server processes sharing the port (more than one needs Postgres).
  WEB_CONCURRENCY: count(1, 64, 1),
  // サーバーの V8 ヒープの上限（MB、npm start が node に渡します）/ The server's V8 heap limit in MB (npm start passes it to node).
  SERVER_HEAP_MB: count(64, 65536, 256),
  // Postgres の接続 URL。未設定なら埋め込みの PGlite / Postgres connection URL; the embedded PGlite when unset.
  // Checked by its scheme only: postgres.js also takes several hosts (`h1:5432,h2:5432`), which is not a WHATWG URL.
  DATABASE_URL: described(
    text()
      .regex(/^postgres(?:ql)?:\/\//i)
      .optional(),
    "postgres:// か postgresql:// で始まる接続 URL（例: postgres://user:pass@host:5432/manabiya）",
    true,
  ),
  // Postgres の接続プールの大きさ（プロセスごと）/ Postgres connection pool size, per process.
  DATABASE_POOL_MAX: count(1, 1000, 10),
  // PGlite のデータの置き場所 / Where PGlite keeps its files.
  PGLITE_DIR: described(text().default(DEFAULT_PGLITE_DIR), "ディレクトリのパス"),
  // 教材を読むディレクトリ / Where the curriculum is read from.
  CONTENT_DIR: described(text().default("content"), "ディレクトリのパス"),
  // マイグレーションの SQL を読むディレクトリ（既定: db/migrations）/ Where the SQL migrations are read from (default: db/migrations).
  MIGRATIONS_DIR: optionalText("ディレクトリのパス"),
  // クッキーの Secure 属性。未設定なら production のとき true / Secure cookies; when unset, true in production.
  COOKIE_SECURE: described(boolean().optional(), BOOLEAN_EXPECTED),
  // この時間（分）操作がなければセッションを終えます / A session ends after this many minutes without a request.
  SESSION_IDLE_MINUTES: count(1, 10080, 120),
  // サインインからこの時間（時間）でセッションを終えます / A session ends this many hours after sign-in.
  SESSION_ABSOLUTE_HOURS: count(1, 720, 12),
  // リマインダーを送る SMTP サーバー。未設定なら送信せず未送信として記録 / SMTP server for reminders; unset: kept as 未送信.
  SMTP_HOST: optionalText("ホスト名"),
  // SMTP のポート番号 / SMTP port.
  SMTP_PORT: count(1, 65535, 587),
  // 最初から TLS で接続（ふつうはポート 465）/ Implicit TLS (usually port 465).
  SMTP_SECURE: flag(false),
  // SMTP の認証ユーザー（空白も含めてそのまま使います）/ SMTP user, taken as it is.
  SMTP_USER: described(z.string().optional(), "文字列"),
  // SMTP のパスワード（そのまま使います）/ SMTP password, taken as it is.
  SMTP_PASSWORD: described(z.string().optional(), "文字列", true),
  // false で SMTP サーバーの私設証明書を受け入れます / false accepts the SMTP server's private certificate.
  SMTP_TLS_REJECT_UNAUTHORIZED: flag(true),
  // リマインダーの差出人 / Sender of reminder emails.
  MAIL_FROM: described(text().default("学び舎 <no-reply@localhost>"), "差出人（例: 学び舎 <no-reply@example.lg.jp>）"),
  // サイトの公開アドレス（メール中のリンク）。既定: http://localhost:$PORT / The site's public address for links in emails.
  APP_BASE_URL: described(
    text()
      .pipe(z.url({ protocol: /^https?$/ }))
      .optional(),
    "http:// か https:// で始まる URL（例: https://manabiya.example.lg.jp）",
  ),
  // バックアップのみ: pg_dump / pg_restore のあるディレクトリ / Backups only: the directory of pg_dump / pg_restore.
  PG_BIN_DIR: optionalText("ディレクトリのパス"),
});

/** Raw variables, as in process.env. */
export type EnvSource = Readonly<Record<string, string | undefined>>;
/** The validated configuration. */
export type Env = Readonly<z.output<typeof envSchema>>;
export type EnvName = keyof Env;

/** Every variable of the schema, in its order. */
export const ENV_NAMES = Object.keys(envSchema.shape) as EnvName[];

/** One or more variables are wrong; `problems` has one Japanese sentence per problem. */
export class EnvError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`環境変数に誤りがあります（${problems.length}件）:\n${problems.join("\n")}`);
    this.name = "EnvError";
    this.problems = problems;
  }
}

const MAX_SHOWN = 100;

function problemOf(name: EnvName, raw: string | undefined): string {
  const expectation = expectations.get(envSchema.shape[name]);
  const expected = expectation?.expected ?? "正しい値";
  if (expectation?.secret) return `環境変数 ${name} は ${expected}で指定してください（パスワードを含むことがあるため、いまの値は表示しません）。`;
  const shown = raw !== undefined && raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw;
  return `環境変数 ${name} は ${expected}で指定してください（いまの値: "${shown}"）。`;
}

/** Parses the given variables (process.env by default) without caching: for tests and for callers that pass their own. */
export function loadEnv(source: EnvSource = process.env): Env {
  const picked: Record<string, string | undefined> = {};
  for (const name of ENV_NAMES) {
    const value = source[name];
    picked[name] = value === undefined || value.trim() === "" ? undefined : value;
  }
  const result = envSchema.safeParse(picked);
  if (result.success) return Object.freeze(result.data);
  const wrong = new Set(result.error.issues.map((issue) => issue.path[0]));
  throw new EnvError(ENV_NAMES.filter((name) => wrong.has(name)).map((name) => problemOf(name, source[name])));
}

let cached: Env | undefined;

/** The process's configuration, parsed from process.env on first use and then kept. */
export function env(): Env {
  return (cached ??= loadEnv(process.env));
}

/** `source` parsed when given (tests, the benchmark), otherwise the process's configuration. */
export function envFrom(source?: EnvSource): Env {
  return source ? loadEnv(source) : env();
}
