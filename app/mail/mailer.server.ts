import nodemailer, { type Transporter } from "nodemailer";
import { envFrom, type EnvSource } from "~/kernel/env.server";

/**
 * SMTP settings from the environment. Without SMTP_HOST there is no transport: reminders are still queued in the
 * outbox and shown to administrators as 未送信.
 *
 *   SMTP_HOST, SMTP_PORT (587), SMTP_SECURE (true for implicit TLS, usually port 465), SMTP_USER, SMTP_PASSWORD,
 *   MAIL_FROM (e.g. "学び舎 <no-reply@example.lg.jp>"), APP_BASE_URL (links in messages, e.g. https://manabiya.example.lg.jp);
 *   validated in app/kernel/env.server.ts.
 */
export interface MailSettings {
  transport: Transporter | null;
  from: string;
  baseUrl: string;
}

export function mailSettingsFromEnv(source?: EnvSource): MailSettings {
  const env = envFrom(source);
  const from = env.MAIL_FROM;
  const baseUrl = (env.APP_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  if (!env.SMTP_HOST) return { transport: null, from, baseUrl };
  const transport = nodemailer.createTransport({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? "" } : undefined,
    // Local test servers and relays inside the LGWAN often use private certificates; only relax this on request.
    tls: env.SMTP_TLS_REJECT_UNAUTHORIZED ? undefined : { rejectUnauthorized: false },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return { transport, from, baseUrl };
}
