import { Form, Link, useLocation } from "react-router";
import { useEffect, useRef, type KeyboardEvent } from "react";
import { useLangAttribute, useTranslation } from "~/i18n/react";
import { CsrfInput } from "./csrf";
import { DisplaySettingsPanel, PreferenceForm } from "./display-settings";
import type { DisplayPreferences } from "~/display/preferences";
import { LANGUAGE_NAMES, type Language } from "~/i18n/languages";

const NAV = [
  { to: "/classes", key: "classes" },
  { to: "/courses?audience=residents", key: "residents" },
  { to: "/courses?audience=staff", key: "staff" },
  { to: "/courses", key: "courses" },
] as const;

export interface HeaderUser {
  name: string;
  organizationName: string;
  departmentName: string | null;
  isAdmin: boolean;
}

export function SiteHeader({ user, display, language }: { user: HeaderUser | null; display: DisplayPreferences; language: Language }) {
  const { t } = useTranslation();
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
          <span className="site-name-main" lang={useLangAttribute("ja")}>
            {t("common.siteName")}
          </span>
          <span className="site-name-kana">{t("common.siteNameReading")}</span>
        </Link>
        <div className="header-tools">
          {/* Wide screens: the links in a row. Small screens: the same links behind メニュー (no JavaScript needed). */}
          <nav aria-label={t("header.siteNav")} className="site-nav-wide">
            <NavList here={here} />
          </nav>
          {/* name: opening one panel closes the other (where the browser supports it). */}
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- Escape closes the open disclosure */}
          <details className="header-disclosure display-settings" name="header-panel" ref={settings} onKeyDown={closeOnEscape}>
            <summary className="header-button">
              <span className="text-size-icon" aria-hidden="true">
                あ<span>あ</span>
              </span>
              {t("header.textSize")}
            </summary>
            <div className="header-panel">
              <DisplaySettingsPanel display={display} />
            </div>
          </details>
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- Escape closes the open disclosure */}
          <details className="header-disclosure header-menu" name="header-panel" ref={menu} onKeyDown={closeOnEscape}>
            <summary className="header-button">
              <svg className="menu-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path d="M3 6h18M3 12h18M3 18h18" />
              </svg>
              {t("header.menu")}
            </summary>
            <div className="header-panel">
              <nav aria-label={t("header.siteNav")}>
                <NavList here={here} />
              </nav>
              {user ? (
                <div className="menu-user">
                  <p className="menu-user-name">
                    {t("header.userName", { name: user.name })}
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
        {/* Last in the row on wider screens; on phones a row of its own under 学び舎, 文字サイズ and メニュー. */}
        <LanguageSwitch current={language} />
      </div>
      <div className="user-bar">
        {user ? (
          <p className="user-bar-name">
            {t("header.userName", { name: user.name })}
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

/**
 * 日本語 / English: one button that switches to the other language, its name written in that language (a visitor who
 * cannot read the current one still recognises their own). A form posting to /preferences, so it works without
 * JavaScript; the choice is kept in a cookie and applied on the server.
 */
function LanguageSwitch({ current }: { current: Language }) {
  const other: Language = current === "ja" ? "en" : "ja";
  return (
    <PreferenceForm className="language-switch">
      <button type="submit" name="language" value={other} lang={other} className="header-button language-button">
        <svg className="globe-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <circle cx="12" cy="12" r="9" />
          <path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z" />
        </svg>
        {LANGUAGE_NAMES[other]}
      </button>
    </PreferenceForm>
  );
}

function NavList({ here }: { here: string }) {
  const { t } = useTranslation();
  return (
    <ul className="site-nav">
      {NAV.map((item) => (
        <li key={item.to}>
          <Link to={item.to} aria-current={here === item.to ? "page" : undefined}>
            {t(`header.nav.${item.key}`)}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function UserLinks({ user, className }: { user: HeaderUser | null; className: string }) {
  const { t } = useTranslation();
  if (!user) {
    return (
      <ul className={className}>
        <li>
          <Link to="/login">{t("header.staffLogin")}</Link>
        </li>
      </ul>
    );
  }
  return (
    <ul className={className}>
      <li>
        <Link to="/learning">{t("header.myLearning")}</Link>
      </li>
      <li>
        <Link to="/trainings">{t("header.trainings")}</Link>
      </li>
      <li>
        <Link to="/account">{t("header.myPage")}</Link>
      </li>
      {user.isAdmin ? (
        <li>
          <Link to="/admin">{t("header.admin")}</Link>
        </li>
      ) : null}
      <li>
        <Form method="post" action="/logout">
          <CsrfInput />
          <button type="submit" className="link-button">
            {t("header.logout")}
          </button>
        </Form>
      </li>
    </ul>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("footer.about")}</p>
      <p>
        <Link to="/">{t("footer.top")}</Link>
        {" ・ "}
        <Link to="/courses">{t("footer.courses")}</Link>
      </p>
    </footer>
  );
}

/** Breadcrumb trail; the last item is the current page. `lang` marks an item written in another language (a title). */
export function Breadcrumbs({ items }: { items: { to?: string; label: string; lang?: string }[] }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("common.breadcrumbs")} className="breadcrumbs">
      <ol>
        {items.map((item, i) => (
          <li key={i}>
            {item.to ? (
              <Link to={item.to} lang={item.lang}>
                {item.label}
              </Link>
            ) : (
              <span aria-current="page" lang={item.lang}>
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
