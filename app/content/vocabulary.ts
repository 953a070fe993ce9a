/**
 * The curriculum's fixed vocabulary, for pages and for content validation alike. Kept apart from schema.ts so that pages
 * importing a label or a pattern do not bring zod into the browser.
 */
/** Values authors write in front matter, with the Japanese labels the UI shows. */
export const AUDIENCES = { residents: "住民向け", staff: "職員向け" } as const;
export const CATEGORIES = {
  smartphone: "スマートフォン",
  "dx-literacy": "DXリテラシー",
  security: "情報セキュリティ",
  "dx-promoter": "DX推進員",
} as const;
export const LEVELS = { beginner: "入門", intermediate: "初級", advanced: "中級" } as const;

export type Audience = keyof typeof AUDIENCES;
export type Category = keyof typeof CATEGORIES;
export type Level = keyof typeof LEVELS;

/** A course, lesson, quiz or organization slug: lower-case letters and digits joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
