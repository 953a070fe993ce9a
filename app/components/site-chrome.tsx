import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, type KeyboardEvent } from "react";
import { CsrfInput } from "./csrf";
import { DisplaySettingsPanel } from "./display-settings";
import type { DisplayPreferences } from "~/display/preferences";

const NAV = [
  { to: "/classes", label: "スマホ教室" },
  { to: "/courses?audience=residents", label: "住民のみなさま" },
  { to: "/courses?audience=staff", label: "職員のみなさま" },
  { to: "/courses", label: "講座一覧" },
];

export interface HeaderUser {
  name: string;
  organizationName: string;
  departmentName: string | null;
  isAdmin: boolean;
}

export function SiteHeader({ user, display }: { user: HeaderUser | null; display: DisplayPreferences }) {
  const location = useLocation();
  const here = location.pathname + location.search;
  const menu = useRef<HTMLDetailsElement>(null);
  const settings = useRef<HTMLDetailsElement>(null);
  // A client-side navigation keeps the <details> elements, so close them when the page changes. Saving a setting
  // comes back to the same page, and the 文字サイズ panel stays open to try another size.
  useEffect(() => {
    if (menu.current) menu.current.open = false;
    if (settings.current) settings.current.open = false;
  }, [location.pathname, location.search]);
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="site-name">
          <span className="site-name-main">学び舎</span>
          <span className="site-name-kana">まなびや</span>
        </Link>
        <div className="header-tools">
          {/* Wide screens: the links in a row. Small screens: the same links behind メニュー (no JavaScript needed). */}
          <nav aria-label="サイト全体" className="site-nav-wide">
            <NavList here={here} />
          </nav>
          {/* name: opening one panel closes the other (where the browser supports it). */}
          <details className="header-disclosure display-settings" name="header-panel" ref={settings} onKeyDown={closeOnEscape}>
            <summary className="header-button">
              <span className="text-size-icon" aria-hidden="true">
                あ<span>あ</span>
              </span>
              文字サイズ
            </summary>
            <div className="header-panel">
              <DisplaySettingsPanel display={display} />
            </div>
          </details>
          <details className="header-disclosure header-menu" name="header-panel" ref={menu} onKeyDown={closeOnEscape}>
            <summary className="header-button">
              <svg className="menu-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path d="M3 6h18M3 12h18M3 18h18" />
              </svg>
              メニュー
            </summary>
            <div className="header-panel">
              <nav aria-label="サイト全体">
                <NavList here={here} />
              </nav>
              {user ? (
                <div className="menu-user">
                  <p className="menu-user-name">
                    {user.name}さん
                    <span className="user-bar-org">
                      （{user.organizationName}
                      {user.departmentName ? ` ${user.departmentName}` : ""}）
                    </span>
                  </p>
                  <UserLinks user={user} className="menu-user-links" />
                </div>
              ) : (
                <UserLinks user={null} className="menu-user-links" />
              )}
            </div>
          </details>
        </div>
      </div>
      <div className="user-bar">
        {user ? (
          <p className="user-bar-name">
            {user.name}さん
            <span className="user-bar-org">
              （{user.organizationName}
              {user.departmentName ? ` ${user.departmentName}` : ""}）
            </span>
          </p>
        ) : null}
        <UserLinks user={user} className="user-bar-links" />
      </div>
    </header>
  );
}

/** Escape closes an open header disclosure and gives the focus back to its button. */
function closeOnEscape(event: KeyboardEvent<HTMLDetailsElement>) {
  const details = event.currentTarget;
  if (event.key !== "Escape" || !details.open) return;
  details.open = false;
  details.querySelector("summary")?.focus();
}

function NavList({ here }: { here: string }) {
  return (
    <ul className="site-nav">
      {NAV.map((item) => (
        <li key={item.to}>
          <Link to={item.to} aria-current={here === item.to ? "page" : undefined}>
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function UserLinks({ user, className }: { user: HeaderUser | null; className: string }) {
  if (!user) {
    return (
      <ul className={className}>
        <li>
          <Link to="/login">職員ログイン</Link>
        </li>
      </ul>
    );
  }
  return (
    <ul className={className}>
      <li>
        <Link to="/learning">マイ学習</Link>
      </li>
      <li>
        <Link to="/trainings">集合研修</Link>
      </li>
      <li>
        <Link to="/account">マイページ</Link>
      </li>
      {user.isAdmin ? (
        <li>
          <Link to="/admin">管理</Link>
        </li>
      ) : null}
      <li>
        <Form method="post" action="/logout">
          <CsrfInput />
          <button type="submit" className="link-button">
            ログアウト
          </button>
        </Form>
      </li>
    </ul>
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
