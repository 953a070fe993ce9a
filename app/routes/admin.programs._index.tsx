import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { forbidden, requireUser } from "~/auth/guard.server";
import { scopeOf } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { listPrograms } from "~/programs/programs.server";

export const meta: MetaFunction = () => [{ title: "認定制度 | 学び舎" }];

/** The organization's certification programmes: HR and the DX office manage them; a 課長 confirms activities. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const manage = !!scopeOf(user, "program:manage");
  const confirm = !!scopeOf(user, "program:confirm_activity");
  if (!manage && !confirm) forbidden();
  const programs = await listPrograms(await getDb(), user.organizationId);
  return { manage, programs: programs.map((p) => ({ slug: p.slug, title: p.title, summary: p.summary })) };
}

export default function AdminPrograms() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>認定制度</h1>
      {d.programs.length === 0 ? <p>この自治体で実施している認定制度はありません（自治体の設定ファイルの programs で有効にします）。</p> : null}
      <ul className="program-list">
        {d.programs.map((p) => (
          <li key={p.slug} className="program-card">
            <h2>{p.title}</h2>
            <p>{p.summary}</p>
            <p>
              {d.manage ? (
                <>
                  <Link className="button" to={`/admin/programs/${p.slug}`}>
                    選考と育成
                  </Link>{" "}
                  <Link className="button secondary" to={`/admin/programs/${p.slug}/promoters`}>
                    推進員と有効期限
                  </Link>{" "}
                  <Link className="button secondary" to={`/admin/programs/${p.slug}/coverage`}>
                    課ごとの配置
                  </Link>{" "}
                </>
              ) : null}
              <Link className={d.manage ? "button secondary" : "button"} to={`/admin/programs/${p.slug}/activities`}>
                {d.manage ? "活動記録" : "活動の確認"}
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
