import { Link, useLocation } from "@remix-run/react";

const NAV = [
  { to: "/courses?audience=residents", label: "住民のみなさま" },
  { to: "/courses?audience=staff", label: "職員のみなさま" },
  { to: "/courses", label: "講座一覧" },
];

export function SiteHeader() {
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="site-name">
          <span className="site-name-main">学び舎</span>
          <span className="site-name-kana">まなびや</span>
        </Link>
        <nav aria-label="サイト全体">
          <ul className="site-nav">
            {NAV.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={here === item.to ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <p>学び舎（まなびや）は、自治体のスマホ教室と職員研修のための学習サイトです。</p>
      <p>
        <Link to="/">トップページ</Link>
        {" ・ "}
        <Link to="/courses">講座一覧</Link>
      </p>
    </footer>
  );
}

/** Breadcrumb trail; the last item is the current page. */
export function Breadcrumbs({ items }: { items: { to?: string; label: string }[] }) {
  return (
    <nav aria-label="現在地" className="breadcrumbs">
      <ol>
        {items.map((item, i) => (
          <li key={i}>
            {item.to ? (
              <Link to={item.to}>{item.label}</Link>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
