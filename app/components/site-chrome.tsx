import { Link, NavLink } from "@remix-run/react";

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="site-name">
          <span className="site-name-main">学び舎</span>
          <span className="site-name-kana">まなびや</span>
        </Link>
        <nav aria-label="サイト全体">
          <ul className="site-nav">
            <li>
              <NavLink to="/courses?audience=residents">住民のみなさま</NavLink>
            </li>
            <li>
              <NavLink to="/courses?audience=staff">職員のみなさま</NavLink>
            </li>
            <li>
              <NavLink to="/courses" end>
                講座一覧
              </NavLink>
            </li>
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
