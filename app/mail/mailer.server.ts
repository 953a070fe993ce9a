import nodemailer, { type Transporter } from "nodemailer";

/**
 * SMTP settings from the environment. Without SMTP_HOST there is no transport: reminders are still queued in the
 * outbox and shown to administrators as 未送信.
 *
 *   SMTP_HOST, SMTP_PORT (587), SMTP_SECURE (true for implicit TLS, usually port 465), SMTP_USER, SMTP_PASSWORD,
 *   MAIL_FROM (e.g. "学び舎 <no-reply@example.lg.jp>"), APP_BASE_URL (links in messages, e.g. https://manabiya.example.lg.jp)
 */
export interface MailSettings {
  transport: Transporter | null;
  from: string;
  baseUrl: string;
}

export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const from = env.MAIL_FROM ?? "学び舎 <no-reply@localhost>";
  const baseUrl = (env.APP_BASE_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, "");
  if (!env.SMTP_HOST) return { transport: null, from, baseUrl };
  const port = Number(env.SMTP_PORT ?? 587);
  const transport = nodemailer.createTransport({
    host: env.SMTP_HOST,
    port,
    secure: env.SMTP_SECURE === "true",
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? "" } : undefined,
    // Local test servers and relays inside the LGWAN often use private certificates; only relax this on request.
    tls: env.SMTP_TLS_REJECT_UNAUTHORIZED === "false" ? { rejectUnauthorized: false } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return { transport, from, baseUrl };
}
