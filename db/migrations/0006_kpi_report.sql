CREATE TABLE "kpi_comments" (
	"kpi_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"comment" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_comments_kpi_id_fiscal_year_pk" PRIMARY KEY("kpi_id","fiscal_year")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "publish_kpis" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_comments" ADD CONSTRAINT "kpi_comments_kpi_id_kpis_id_fk" FOREIGN KEY ("kpi_id") REFERENCES "public"."kpis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_comments" ADD CONSTRAINT "kpi_comments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_comments" ADD CONSTRAINT "kpi_comments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;