import type { EmploymentType, Role } from "~/staff/constants";

/** Demo accounts (README lists them). The same password for all of them — demo data only. */
export const DEMO_PASSWORD = "demo-pass-2026";

export interface DemoStaff {
  staffNumber: string;
  name: string;
  nameKana: string;
  departmentCode: string;
  rank: string;
  employmentType: EmploymentType;
  roles: Role[];
  email: string | null;
}

/** One account per role in each demo organization. Staff numbers repeat across organizations on purpose. */
const KEY_ACCOUNTS: Record<string, Omit<DemoStaff, "email">[]> = {
  ami: [
    {
      staffNumber: "1001",
      name: "佐藤　美和",
      nameKana: "さとう　みわ",
      departmentCode: "jinji",
      rank: "係長",
      employmentType: "regular",
      roles: ["learner", "hr_admin"],
    },
    {
      staffNumber: "1002",
      name: "鈴木　健一",
      nameKana: "すずき　けんいち",
      departmentCode: "somu",
      rank: "主任",
      employmentType: "regular",
      roles: ["learner", "dx_admin"],
    },
    {
      staffNumber: "1003",
      name: "高橋　誠",
      nameKana: "たかはし　まこと",
      departmentCode: "chomin",
      rank: "課長",
      employmentType: "regular",
      roles: ["learner", "dept_manager"],
    },
    {
      staffNumber: "1004",
      name: "田中　由美",
      nameKana: "たなか　ゆみ",
      departmentCode: "chuo-kominkan",
      rank: "主事",
      employmentType: "regular",
      roles: ["learner", "instructor"],
    },
    {
      staffNumber: "1005",
      name: "伊藤　翔太",
      nameKana: "いとう　しょうた",
      departmentCode: "chomin",
      rank: "主事",
      employmentType: "regular",
      roles: ["learner"],
    },
    {
      staffNumber: "1006",
      name: "渡辺　さくら",
      nameKana: "わたなべ　さくら",
      departmentCode: "chomin",
      rank: "会計年度任用職員",
      employmentType: "fiscal_year",
      roles: ["learner"],
    },
    {
      staffNumber: "9001",
      name: "山本　浩二",
      nameKana: "やまもと　こうじ",
      departmentCode: "somu",
      rank: "課長補佐",
      employmentType: "regular",
      roles: ["learner", "system_admin"],
    },
  ],
  omitama: [
    {
      staffNumber: "1001",
      name: "中村　恵子",
      nameKana: "なかむら　けいこ",
      departmentCode: "jinji",
      rank: "係長",
      employmentType: "regular",
      roles: ["learner", "hr_admin"],
    },
    {
      staffNumber: "1002",
      name: "小林　大輔",
      nameKana: "こばやし　だいすけ",
      departmentCode: "gyosei-keiei",
      rank: "主任",
      employmentType: "regular",
      roles: ["learner", "dx_admin"],
    },
    {
      staffNumber: "1003",
      name: "加藤　隆",
      nameKana: "かとう　たかし",
      departmentCode: "shimin",
      rank: "課長",
      employmentType: "regular",
      roles: ["learner", "dept_manager"],
    },
    {
      staffNumber: "1004",
      name: "吉田　真理",
      nameKana: "よしだ　まり",
      departmentCode: "shogai-gakushu",
      rank: "主事",
      employmentType: "regular",
      roles: ["learner", "instructor"],
    },
    {
      staffNumber: "1005",
      name: "山田　拓也",
      nameKana: "やまだ　たくや",
      departmentCode: "shimin",
      rank: "主事",
      employmentType: "regular",
      roles: ["learner"],
    },
  ],
};

const FAMILY: [string, string][] = [
  ["佐々木", "ささき"],
  ["山口", "やまぐち"],
  ["松本", "まつもと"],
  ["井上", "いのうえ"],
  ["木村", "きむら"],
  ["林", "はやし"],
  ["斎藤", "さいとう"],
  ["清水", "しみず"],
  ["山崎", "やまざき"],
  ["森", "もり"],
  ["池田", "いけだ"],
  ["橋本", "はしもと"],
  ["阿部", "あべ"],
  ["石川", "いしかわ"],
  ["山下", "やました"],
  ["中島", "なかじま"],
  ["石井", "いしい"],
  ["小川", "おがわ"],
  ["前田", "まえだ"],
  ["岡田", "おかだ"],
  ["長谷川", "はせがわ"],
  ["藤田", "ふじた"],
  ["後藤", "ごとう"],
  ["近藤", "こんどう"],
];
const GIVEN: [string, string][] = [
  ["大樹", "だいき"],
  ["陽子", "ようこ"],
  ["直人", "なおと"],
  ["美咲", "みさき"],
  ["修", "おさむ"],
  ["彩", "あや"],
  ["亮", "りょう"],
  ["智子", "ともこ"],
  ["和也", "かずや"],
  ["愛", "あい"],
  ["剛", "つよし"],
  ["綾香", "あやか"],
  ["悠斗", "ゆうと"],
  ["早苗", "さなえ"],
];
const RANK_CYCLE = ["主事", "主事", "主任", "技師", "係長", "主事", "会計年度任用職員", "課長補佐", "主事", "主任", "課長", "会計年度任用職員"];
const TYPE_FOR_RANK = (rank: string, i: number): EmploymentType =>
  rank === "会計年度任用職員" ? "fiscal_year" : i % 17 === 5 ? "reappointed" : i % 19 === 7 ? "temporary" : i % 23 === 11 ? "commissioned" : "regular";

/** A few dozen staff per organization, deterministic: the key accounts plus generated colleagues across the 課. */
export function demoStaffFor(orgSlug: string, departmentCodes: string[]): DemoStaff[] {
  const keys = KEY_ACCOUNTS[orgSlug] ?? [];
  const generated: DemoStaff[] = [];
  for (let i = 0; i < 26; i++) {
    const [family, familyKana] = FAMILY[(i * 7 + orgSlug.length) % FAMILY.length]!;
    const [given, givenKana] = GIVEN[(i * 5 + orgSlug.length) % GIVEN.length]!;
    const rank = RANK_CYCLE[i % RANK_CYCLE.length]!;
    generated.push({
      staffNumber: String(2001 + i),
      name: `${family}　${given}`,
      nameKana: `${familyKana}　${givenKana}`,
      departmentCode: departmentCodes[i % departmentCodes.length]!,
      rank,
      employmentType: TYPE_FOR_RANK(rank, i),
      roles: ["learner"],
      email: i % 4 === 3 ? null : `staff${2001 + i}@${orgSlug}.example.lg.jp`,
    });
  }
  return [...keys.map((k) => ({ ...k, email: `staff${k.staffNumber}@${orgSlug}.example.lg.jp` })), ...generated];
}
