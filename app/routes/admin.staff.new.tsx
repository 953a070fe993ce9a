import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { StaffFields } from "~/components/staff-form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { readStaffForm, toFieldErrors } from "~/staff/forms";
import { createStaff, listDepartments, listJobRanks } from "~/staff/staff.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "職員の追加 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "staff:write");
  const db = await getDb();
  const [departments, ranks] = await Promise.all([listDepartments(db, user.organizationId), listJobRanks(db, user.organizationId)]);
  return { departments, ranks };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "staff:write");
  const form = await readForm(request);
  requireCsrf(request, form);
  const parsed = readStaffForm(form);
  const values = Object.fromEntries([...form].filter(([k]) => k !== "_csrf").map(([k, v]) => [k, String(v)]));
  if (!parsed.success) return data({ errors: toFieldErrors(parsed.error.issues), values }, { status: 400 });
  const result = await createStaff(await getDb(), actorOf(user, context), parsed.data);
  if (!result.ok) return data({ errors: result.errors as Record<string, string>, values }, { status: 400 });
  throw redirect(localPath`/admin/staff/${result.id}?done=created`);
}

export default function NewStaff() {
  const { departments, ranks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>職員の追加</h1>
      {result?.errors ? <FormMessage>入力内容を確認してください。誤りのある項目に説明があります。</FormMessage> : null}
      <Form method="post" className="stack narrow-form" noValidate>
        <CsrfInput />
        <StaffFields
          values={result?.values ? { ...result.values, active: result.values.active === "on" } : {}}
          errors={result?.errors ?? {}}
          departments={departments}
          ranks={ranks}
        />
        <div className="actions">
          <button type="submit" className="button primary">
            追加する
          </button>
          <Link className="button secondary" to="/admin/staff">
            やめる
          </Link>
        </div>
      </Form>
    </>
  );
}
