import { createHmac, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { presentQuiz, type FormCodes, type PresentedQuestion, type QuestionCodes } from "./grading";
import type { QuizDefinition } from "./schema";

/**
 * Opaque form values (decision 018). The browser never sees a choice id, an ordering item id, a question id or
 * "true"/"false": every one is replaced by `base64url(HMAC-SHA256(secret, questionId + "\0" + id)).slice(0, 16)`, and a
 * question's field by `…(HMAC-SHA256(secret, questionId))…`. Question ids never contain "\0", so the two kinds of
 * message cannot be confused. An exam attempt's secret is its own row's `token_secret`; a self-check's is derived
 * from the server-wide "selfcheck" secret and a random presentation nonce carried by the form.
 */
export const TOKEN_LENGTH = 16;

/** 32 random bytes for a new attempt's `token_secret`. */
export function newTokenSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function opaqueToken(secret: string, questionId: string, id?: string): string {
  const message = id === undefined ? questionId : `${questionId}\0${id}`;
  return createHmac("sha256", secret).update(message).digest("base64url").slice(0, TOKEN_LENGTH);
}

/** The opaque field and values of every question of `quiz` under `secret`. */
export function formCodes(quiz: QuizDefinition, secret: string): FormCodes {
  const codes = new Map<string, QuestionCodes>();
  const fields = new Set<string>();
  for (const q of quiz.questions) {
    const ids = q.type === "truefalse" ? ["true", "false"] : q.type === "ordering" ? q.items.map((i) => i.id) : q.choices.map((c) => c.id);
    const values = new Map(ids.map((id) => [id, opaqueToken(secret, q.id, id)]));
    const byValue = new Map([...values].map(([id, value]) => [value, id]));
    const field = opaqueToken(secret, q.id);
    // 96 bits each: a collision is not expected in the life of the universe, but would mix up two answers.
    if (byValue.size !== ids.length || fields.has(field)) throw new Error(`opaque values of question ${q.id} collide`);
    fields.add(field);
    codes.set(q.id, { field, values, ids: byValue });
  }
  return codes;
}

/** A seed for the presentation's shuffles, from a secret (so that it cannot be computed from what the page shows). */
export function seedFrom(secret: string): number {
  return createHmac("sha256", secret).update("\0seed").digest().readUInt32BE(0) >>> 1 || 1;
}

/** A self-check presentation: a public nonce (in the form) naming a key that only the server can derive. */
export const PRESENTATION_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newPresentation(): string {
  return randomBytes(16).toString("base64url");
}

/** The key of one self-check presentation of one quiz. */
export function presentationKey(serverSecret: string, quizId: string, presentation: string): string {
  return createHmac("sha256", serverSecret).update(`selfcheck\0${quizId}\0${presentation}`).digest("base64url");
}

const secrets = new WeakMap<Db, Map<string, Promise<string>>>();

/**
 * A server-wide secret by name: read from quiz_secrets, created there on first use (so every server process of the
 * database shares it and it survives restarts), then kept in memory.
 */
export function serverSecret(db: Db, name: string): Promise<string> {
  let byName = secrets.get(db);
  if (!byName) secrets.set(db, (byName = new Map()));
  const known = byName.get(name);
  if (known) return known;
  const loading = readOrCreate(db, name).catch((error: unknown) => {
    byName.delete(name);
    throw error;
  });
  byName.set(name, loading);
  return loading;
}

async function readOrCreate(db: Db, name: string): Promise<string> {
  for (let tries = 0; tries < 3; tries++) {
    // One statement: the insert's returning row when it created the secret, otherwise the row already there. A
    // concurrent first insert by another process is not visible to this statement's select: the next try reads it.
    const [row] = await queryRows<{ secret: string }>(
      db,
      sql`with created as (
            insert into quiz_secrets (name, secret) values (${name}, ${randomBytes(32).toString("base64url")})
            on conflict (name) do nothing
            returning secret
          )
          select secret from created union all select secret from quiz_secrets where name = ${name} limit 1`,
    );
    if (row?.secret) return row.secret;
  }
  throw new Error(`quiz secret ${name} could not be read`);
}

export interface Presentation {
  codes: FormCodes;
  questions: PresentedQuestion[];
}

/** An exam attempt as presented: the same on every reload (its seed and secret are stored with it). */
export function attemptPresentation(attempt: { definition: QuizDefinition; seed: number; tokenSecret: string }): Presentation {
  const codes = formCodes(attempt.definition, attempt.tokenSecret);
  return { codes, questions: presentQuiz(attempt.definition, codes, attempt.seed) };
}

/**
 * One presentation of a residents' self-check (nothing is stored): values and choice order keyed by the server's
 * "selfcheck" secret and the presentation nonce, question order fixed per quiz so that `?q=<index>` stays the same
 * question whatever the nonce. A translation has the same ids, hence the same values.
 */
export async function selfCheckPresentation(db: Db, quiz: { id: string; definition: QuizDefinition }, presentation: string): Promise<Presentation> {
  const key = presentationKey(await serverSecret(db, "selfcheck"), quiz.id, presentation);
  const codes = formCodes(quiz.definition, key);
  return { codes, questions: presentQuiz(quiz.definition, codes, seedFrom(key), 1) };
}
