import { defineConfig } from "drizzle-kit";

// Generates SQL migrations from the schema: `npm run db:generate`. The generated files in db/migrations are committed
// and applied by the app on start (PGlite or Postgres) and by `npm run db:migrate`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
