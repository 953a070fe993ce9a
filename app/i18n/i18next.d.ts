import "i18next";
import type { Messages } from "~/locales/ja";

/** Typed keys: `t("header.menu")` compiles, a key missing from the Japanese resources does not. */
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
    returnNull: false;
  }
}
