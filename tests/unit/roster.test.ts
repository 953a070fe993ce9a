import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { DEFAULT_JOB_RANKS, type EmploymentType } from "~/staff/constants";
import {
  decodeRosterFile,
  type ExistingStaff,
  katakanaToHiragana,
  parseEmploymentType,
  parseRoster,
  planRosterImport,
  type RosterOptions,
  type RosterPlan,
  type RosterRow,
} from "~/staff/roster";

const HEADER = "職員番号,氏名,ふりがな,所属,職位,雇用形態,メール";
const csv = (...lines: string[]) => lines.join("\r\n") + "\r\n";
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Departments of 阿見町 as in content/organizations/ami.yaml. */
const AMI_DEPARTMENTS = [
  "総務課",
  "人事課",
  "秘書広聴課",
  "町民課",
  "税務課",
  "収納課",
  "会計課",
  "子ども家庭課",
  "高齢福祉課",
  "健康づくり課",
  "学校教育課",
  "中央公民館",
];
const KNOWN = { departments: AMI_DEPARTMENTS, ranks: DEFAULT_JOB_RANKS };
const OPTIONS: RosterOptions = { deactivateMissing: false, createDepartments: false };

function row(line: number, staffNumber: string, overrides: Partial<RosterRow> = {}): RosterRow {
  return {
    line,
    staffNumber,
    name: "阿見　太郎",
    nameKana: "あみ　たろう",
    departmentName: "総務課",
    rankName: "主事",
    employmentType: "regular",
    email: null,
    ...overrides,
  };
}

function staff(staffNumber: string, overrides: Partial<ExistingStaff> = {}): ExistingStaff {
  return {
    staffNumber,
    name: "阿見　太郎",
    nameKana: "あみ　たろう",
    email: null,
    departmentName: "総務課",
    rankName: "主事",
    employmentType: "regular",
    active: true,
    ...overrides,
  };
}

/** What the importer does with a plan, on plain objects: the staff list after the import. */
function applyPlan(existing: ExistingStaff[], plan: RosterPlan): ExistingStaff[] {
  const byNumber = new Map(existing.map((s) => [s.staffNumber, { ...s }]));
  const fromRow = (r: RosterRow): ExistingStaff => ({
    staffNumber: r.staffNumber,
    name: r.name,
    nameKana: r.nameKana,
    email: r.email,
    departmentName: r.departmentName,
    rankName: r.rankName,
    employmentType: r.employmentType,
    active: true,
  });
  for (const r of plan.add) byNumber.set(r.staffNumber, fromRow(r));
  for (const { row: r } of plan.update) byNumber.set(r.staffNumber, fromRow(r));
  for (const s of plan.deactivate) byNumber.set(s.staffNumber, { ...s, active: false });
  return [...byNumber.values()];
}

const counts = (plan: RosterPlan) => ({
  add: plan.add.length,
  update: plan.update.length,
  unchanged: plan.unchanged,
  deactivate: plan.deactivate.length,
  invalid: plan.invalid.length,
  newDepartments: plan.newDepartments.length,
});

describe("decodeRosterFile", () => {
  it("decodes Shift_JIS with 全角 names", () => {
    const text = csv(HEADER, "001,霞ヶ浦　花子,かすみがうら　はなこ,総務課,主事,正規,");
    const bytes = iconv.encode(text, "Shift_JIS");
    expect(decodeRosterFile(bytes)).toEqual({ text, encoding: "shift_jis" });
  });

  it("decodes CP932-only characters (NEC/IBM extensions)", () => {
    const text = csv(HEADER, "002,髙橋　①郎,たかはし　いちろう,総務課,主事,正規,", "003,﨑山　纊,さきやま　こう,総務課,主事,正規,");
    const bytes = iconv.encode(text, "cp932");
    const decoded = decodeRosterFile(bytes);
    expect(decoded).toEqual({ text, encoding: "shift_jis" });
    expect(parseRoster(decoded.text).rows.map((r) => r.name)).toEqual(["髙橋　1郎", "﨑山　纊"]);
  });

  it("recognises and strips a UTF-8 BOM", () => {
    const text = csv(HEADER, "001,阿見　太郎,あみ　たろう,総務課,主事,正規,");
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    expect(decodeRosterFile(bytes)).toEqual({ text, encoding: "utf-8-bom" });
  });

  it("decodes plain UTF-8 (and pure ASCII) as utf-8", () => {
    const text = csv(HEADER, "001,阿見　太郎,あみ　たろう,総務課,主事,正規,");
    expect(decodeRosterFile(utf8(text))).toEqual({ text, encoding: "utf-8" });
    expect(decodeRosterFile(utf8("a,b\r\n1,2\r\n"))).toEqual({ text: "a,b\r\n1,2\r\n", encoding: "utf-8" });
  });

  it("gives the same rows whichever encoding HR saved in", () => {
    const text = csv(HEADER, "001,阿見　太郎,アミ　タロウ,総務課,主事,正規,Taro@Example.jp");
    const expected = [row(2, "001", { email: "taro@example.jp" })];
    for (const bytes of [iconv.encode(text, "cp932"), utf8(text), new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)])]) {
      expect(parseRoster(decodeRosterFile(bytes).text)).toEqual({ rows: expected, problems: [] });
    }
  });
});

describe("parseRoster: header", () => {
  it("maps the standard header", () => {
    const parsed = parseRoster(csv(HEADER, "001,阿見　太郎,あみ　たろう,総務課,主事,正規,taro@example.jp"));
    expect(parsed).toEqual({ rows: [row(2, "001", { email: "taro@example.jp" })], problems: [] });
  });

  it("accepts header variants in any order, 全角 and spaces, and ignores extra columns", () => {
    const headers = [
      "備考,職員No.,名前,フリガナ,所属課,役職,任用形態,E-mail",
      "職員ＮＯ,氏名カナ,氏名,課,職名,雇用形態,メールアドレス,生年月日",
      " 職員 No ,よみがな,氏名（必須）,所属,職位,雇用形態,メール（任意）",
      "職員番号,氏名,ふりがな,所属,職位,雇用形態", // メール is optional
    ];
    const values: Record<string, string> = {
      備考: "",
      "職員No.": "001",
      名前: "阿見　太郎",
      フリガナ: "あみ　たろう",
      所属課: "総務課",
      役職: "主事",
      任用形態: "正規",
      "E-mail": "",
      職員ＮＯ: "001",
      氏名カナ: "あみ　たろう",
      氏名: "阿見　太郎",
      課: "総務課",
      職名: "主事",
      雇用形態: "正規",
      メールアドレス: "",
      生年月日: "1990-01-01",
      " 職員 No ": "001",
      よみがな: "あみ　たろう",
      "氏名（必須）": "阿見　太郎",
      所属: "総務課",
      職位: "主事",
      "メール（任意）": "",
      職員番号: "001",
      ふりがな: "あみ　たろう",
    };
    for (const header of headers) {
      const line = header
        .split(",")
        .map((h) => values[h])
        .join(",");
      expect(parseRoster(csv(header, line)), header).toEqual({ rows: [row(2, "001")], problems: [] });
    }
  });

  it("reports missing required columns once, on line 1, and returns no rows", () => {
    const parsed = parseRoster(csv("職員番号,氏名,フリガナ,所属,メール", "001,阿見　太郎,あみ　たろう,総務課,"));
    expect(parsed).toEqual({
      rows: [],
      problems: [
        {
          line: 1,
          message: "見出し行に必須の列「職位」「雇用形態」がありません。1行目に見出しがあるか、列の名前が正しいかを確認してください。",
        },
      ],
    });
  });

  it("reports two columns that mean the same thing", () => {
    const parsed = parseRoster(csv("職員番号,氏名,名前,ふりがな,所属,職位,雇用形態", "001,阿見　太郎,阿見　太郎,あみ　たろう,総務課,主事,正規"));
    expect(parsed).toEqual({
      rows: [],
      problems: [{ line: 1, message: "「氏名」と「名前」が同じ「氏名」の列とみなされます。どちらか一方にしてください。" }],
    });
  });

  it("reports an empty file", () => {
    expect(parseRoster("\r\n\r\n")).toEqual({
      rows: [],
      problems: [{ line: 1, message: "ファイルにデータがありません。1行目に見出し（職員番号、氏名など）を入れてください。" }],
    });
  });

  it("reads tab-separated files too", () => {
    const text = ["職員番号\t氏名\tふりがな\t所属\t職位\t雇用形態", "001\t阿見 太郎\tあみ たろう\t総務課\t主事\t正規"].join("\r\n");
    expect(parseRoster(text)).toEqual({ rows: [row(2, "001")], problems: [] });
  });
});

describe("parseRoster: rows", () => {
  // Lines 2–4 hold one record (quoted newlines in 備考), line 5 is blank, line 6 is only commas, 14–15 one record.
  const text = csv(
    "職員番号,氏名,ふりがな,所属,職位,雇用形態,メール,備考",
    '001,阿見　太郎,あみ　たろう,総務課,主事,正規,taro@example.jp,"育休明け,',
    "時短勤務中,",
    '4月から通常勤務"',
    "",
    ",,,,,,,",
    "002,,あみ　はなこ,総務課,主事,正規,,",
    "A_01,阿見　次郎,あみ　じろう,総務課,主事,正規,,",
    "003,阿見　三郎,あみ　さぶろう,総務課,主事,パート,,",
    "004,阿見　四郎,あみ　しろう,総務課,主事,正規,shiro@example,",
    "005,阿見　五郎,阿見ごろう,総務課,主事,正規,,",
    "001,阿見　六郎,あみ　ろくろう,総務課,主事,正規,,",
    "007,阿見　七郎,あみ　しちろう,総務課,主事,正規,TARO@example.jp,",
    '008,"阿見',
    '八郎",あみ　はちろう,総務課,,,,',
    "009,阿見　九郎,あみ　くろう,総務課,主事,正規,,",
  );

  it("skips invalid rows and reports each problem with the line HR sees in Excel", () => {
    const parsed = parseRoster(text);
    expect(parsed.rows).toEqual([row(2, "001", { email: "taro@example.jp" }), row(16, "009", { name: "阿見　九郎", nameKana: "あみ　くろう" })]);
    expect(parsed.problems).toEqual([
      { line: 7, message: "「氏名」が空欄です。", staffNumber: "002" },
      { line: 8, message: "職員番号「A_01」の形式が正しくありません。英数字とハイフン（-）の20文字以内で入力してください。" },
      {
        line: 9,
        message: "雇用形態「パート」は使えません。「正規」「再任用」「会計年度任用」「臨時」「嘱託」のいずれかを入力してください。",
        staffNumber: "003",
      },
      { line: 10, message: "メール「shiro@example」はメールアドレスの形式になっていません。", staffNumber: "004" },
      { line: 11, message: "ふりがな「阿見ごろう」にひらがな・カタカナ以外の文字（阿見）が含まれています。", staffNumber: "005" },
      { line: 12, message: "職員番号「001」が2行目と重複しています。", staffNumber: "001" },
      { line: 13, message: "メール「taro@example.jp」が2行目と重複しています。", staffNumber: "007" },
      { line: 14, message: "「職位」が空欄です。", staffNumber: "008" },
      { line: 14, message: "「雇用形態」が空欄です。", staffNumber: "008" },
    ]);
  });

  it("counts lines the same for LF and CRLF files", () => {
    expect(parseRoster(text.replace(/\r\n/g, "\n"))).toEqual(parseRoster(text));
  });

  it("reports an unclosed quote on the line where the broken record starts", () => {
    const parsed = parseRoster(
      csv(HEADER, "001,阿見　太郎,あみ　たろう,総務課,主事,正規,", '002,"阿見　花子,あみ　はなこ,総務課,主事,正規,', "003,x,x,x,x,x,"),
    );
    expect(parsed).toEqual({
      rows: [],
      problems: [
        {
          line: 3,
          message: '3行目以降で「"」（ダブルクォーテーション）が閉じられていないため、ファイルを読み取れませんでした。セルの「"」を確認してください。',
        },
      ],
    });
  });

  it("converts katakana (full- and half-width) to hiragana", () => {
    const parsed = parseRoster(
      csv(HEADER, "001,阿見　太郎,アミ　タロウ,総務課,主事,正規,", "002,阿見　花子,ｱﾐ ﾊﾅｺﾞ,総務課,主事,正規,", "003,ヴィ,ヴィー・ヶ,総務課,主事,正規,"),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => r.nameKana)).toEqual(["あみ　たろう", "あみ　はなご", "ゔぃー・ゖ"]);
    expect(katakanaToHiragana("カタカナ ヽヾ ヷ")).toBe("かたかな ゝゞ ヷ");
  });

  it("normalises 全角 digits, letters and dashes in 職員番号 and メール", () => {
    const parsed = parseRoster(
      csv(
        HEADER,
        "０１２３,阿見　太郎,あみ　たろう,総務課,主事,正規,ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＪＰ",
        "Ａ−００４５,阿見　花子,あみ　はなこ,総務課,主事,正規,",
        "ｂ－1ー2,阿見　次郎,あみ　じろう,総務課,主事,正規,",
      ),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => [r.staffNumber, r.email])).toEqual([
      ["0123", "taro@example.jp"],
      ["A-0045", null],
      ["b-1-2", null],
    ]);
  });

  it("collapses whitespace: one 全角 space in 氏名/ふりがな, one ASCII space elsewhere, trimmed", () => {
    const parsed = parseRoster(csv(HEADER, ' 001 ,"  阿見 \t　太郎  ",　あみ  たろう　,　総務課 ,主事, 正規 ,', "002,阿見太郎,あみたろう,総務課,主事,正規,"));
    expect(parsed).toEqual({ rows: [row(2, "001"), row(3, "002", { name: "阿見太郎", nameKana: "あみたろう" })], problems: [] });
  });

  it("keeps CJK compatibility ideographs in 氏名 but NFKC-normalises the rest", () => {
    const parsed = parseRoster(csv(HEADER, "001,\uFA19田　ﾀﾛｳ,かみた　たろう,総務課,主事,正規,"));
    expect(parsed.rows[0]?.name).toBe("\uFA19田　タロウ");
  });

  it("accepts 雇用形態 labels, codes and common variants", () => {
    const cases: [string, EmploymentType][] = [
      ["正規", "regular"],
      ["正職員", "regular"],
      ["正規職員", "regular"],
      ["regular", "regular"],
      ["REGULAR", "regular"],
      ["再任用", "reappointed"],
      ["再任用職員", "reappointed"],
      ["reappointed", "reappointed"],
      ["会計年度任用", "fiscal_year"],
      ["会計年度任用職員", "fiscal_year"],
      ["会計年度 任用", "fiscal_year"],
      ["fiscal_year", "fiscal_year"],
      ["臨時", "temporary"],
      ["臨時職員", "temporary"],
      ["臨時的任用職員", "temporary"],
      ["temporary", "temporary"],
      ["嘱託", "commissioned"],
      ["嘱託職員", "commissioned"],
      ["commissioned", "commissioned"],
    ];
    for (const [text, code] of cases) expect(parseEmploymentType(text), text).toBe(code);
    expect(parseEmploymentType("パート")).toBeNull();
    const parsed = parseRoster(csv(HEADER, ...cases.map(([text], i) => `${i + 1},阿見　太郎,あみ　たろう,総務課,主事,${text},`)));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => r.employmentType)).toEqual(cases.map(([, code]) => code));
  });

  it("reports every later duplicate of a 職員番号 against the first line", () => {
    const parsed = parseRoster(
      csv(
        HEADER,
        "001,阿見　太郎,あみ　たろう,総務課,主事,正規,",
        "002,阿見　花子,あみ　はなこ,総務課,主事,正規,",
        "００１,阿見　次郎,あみ　じろう,総務課,主事,正規,",
        "001,阿見　三郎,あみ　さぶろう,総務課,主事,正規,",
      ),
    );
    expect(parsed.rows.map((r) => r.staffNumber)).toEqual(["001", "002"]);
    expect(parsed.problems).toEqual([
      { line: 4, message: "職員番号「001」が2行目と重複しています。", staffNumber: "001" },
      { line: 5, message: "職員番号「001」が2行目と重複しています。", staffNumber: "001" },
    ]);
  });

  it("reads the Shift_JIS sample fixture of 阿見町", () => {
    const { text, encoding } = decodeRosterFile(readFileSync(new URL("../fixtures/roster-sample-sjis.csv", import.meta.url)));
    expect(encoding).toBe("shift_jis");
    const parsed = parseRoster(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toHaveLength(20);
    expect(parsed.rows[1]).toEqual({
      line: 3,
      staffNumber: "10002",
      name: "髙野　恵美",
      nameKana: "たかの　えみ",
      departmentName: "人事課",
      rankName: "課長",
      employmentType: "regular",
      email: "e.takano@town.ami.example.jp",
    });
    expect(new Set(parsed.rows.map((r) => r.employmentType))).toEqual(new Set(["regular", "reappointed", "fiscal_year", "temporary", "commissioned"]));
    expect(parsed.rows.filter((r) => r.email === null)).toHaveLength(6);
    expect(counts(planRosterImport(parsed, [], KNOWN, OPTIONS))).toEqual({ add: 20, update: 0, unchanged: 0, deactivate: 0, invalid: 0, newDepartments: 0 });
  });
});

describe("planRosterImport", () => {
  const existing = [
    staff("001", { email: "taro@example.jp" }),
    staff("002", { name: "阿見　花子", nameKana: "あみ　はなこ", email: "hanako@example.jp", departmentName: "税務課", rankName: "主任" }),
    staff("003", { name: "阿見　次郎", nameKana: "あみ　じろう", active: false, employmentType: "temporary" }),
    staff("004", { name: "阿見　三郎", nameKana: "あみ　さぶろう", rankName: null, departmentName: null }),
    staff("005", { name: "阿見　四郎", nameKana: "あみ　しろう", active: false }),
  ];
  const file = csv(
    HEADER,
    "001,阿見　太郎,あみ　たろう,総務課,主事,正規,taro@example.jp", // unchanged
    "002,霞ヶ浦　花子,かすみがうら　はなこ,人事課,主任,正規,hanako@example.jp", // update name, kana, department
    "003,阿見　次郎,あみ　じろう,総務課,主事,臨時,", // reactivation only
    "010,阿見　十郎,あみ　じゅうろう,総務課,主事,会計年度任用,juro@example.jp", // add
  );

  it("plans add / update with before and after / unchanged / reactivation", () => {
    const plan = planRosterImport(parseRoster(file), existing, KNOWN, OPTIONS);
    expect(plan).toEqual({
      add: [row(5, "010", { name: "阿見　十郎", nameKana: "あみ　じゅうろう", employmentType: "fiscal_year", email: "juro@example.jp" })],
      update: [
        {
          row: row(3, "002", {
            name: "霞ヶ浦　花子",
            nameKana: "かすみがうら　はなこ",
            departmentName: "人事課",
            rankName: "主任",
            email: "hanako@example.jp",
          }),
          changes: [
            { field: "name", before: "阿見　花子", after: "霞ヶ浦　花子" },
            { field: "nameKana", before: "あみ　はなこ", after: "かすみがうら　はなこ" },
            { field: "departmentName", before: "税務課", after: "人事課" },
          ],
        },
        {
          row: row(4, "003", { name: "阿見　次郎", nameKana: "あみ　じろう", employmentType: "temporary" }),
          changes: [{ field: "active", before: false, after: true }],
        },
      ],
      deactivate: [],
      unchanged: 1,
      invalid: [],
      newDepartments: [],
    } satisfies RosterPlan);
  });

  it("reports null before-values and email/employment changes", () => {
    const plan = planRosterImport(parseRoster(csv(HEADER, "004,阿見　三郎,あみ　さぶろう,町民課,係長,再任用,Saburo@Example.jp")), existing, KNOWN, OPTIONS);
    expect(plan.update.map((u) => u.changes)).toEqual([
      [
        { field: "email", before: null, after: "saburo@example.jp" },
        { field: "departmentName", before: null, after: "町民課" },
        { field: "rankName", before: null, after: "係長" },
        { field: "employmentType", before: "regular", after: "reappointed" },
      ],
    ]);
  });

  it("deactivates active staff missing from the file only when asked", () => {
    expect(
      planRosterImport(parseRoster(csv(HEADER, "001,阿見　太郎,あみ　たろう,総務課,主事,正規,taro@example.jp")), existing, KNOWN, OPTIONS).deactivate,
    ).toEqual([]);
    const plan = planRosterImport(parseRoster(csv(HEADER, "001,阿見　太郎,あみ　たろう,総務課,主事,正規,taro@example.jp")), existing, KNOWN, {
      ...OPTIONS,
      deactivateMissing: true,
    });
    // 003 and 005 are already inactive.
    expect(plan.deactivate.map((s) => s.staffNumber)).toEqual(["002", "004"]);
    expect(plan.deactivate[0]).toBe(existing[1]);
  });

  it("does not deactivate staff whose row is in the file but invalid", () => {
    const text = csv(HEADER, "001,阿見　太郎,あみ　たろう,総務課,主事,正規,taro@example", "002,阿見　花子,あみ　はなこ,税務課,係長級,正規,hanako@example.jp");
    const plan = planRosterImport(parseRoster(text), existing, KNOWN, { ...OPTIONS, deactivateMissing: true });
    expect(plan.deactivate.map((s) => s.staffNumber)).toEqual(["004"]);
    expect(plan.invalid).toEqual([
      { line: 2, message: "メール「taro@example」はメールアドレスの形式になっていません。", staffNumber: "001" },
      { line: 3, message: "職位「係長級」は登録されていません。", staffNumber: "002" },
    ]);
  });

  it("lists unknown 所属 as new departments only with createDepartments, otherwise rejects the row", () => {
    const text = csv(
      HEADER,
      "020,阿見　一,あみ　はじめ,DX推進課,主事,正規,",
      "021,阿見　二,あみ　じ,総務課,主事,正規,",
      "022,阿見　三,あみ　さん,ＤＸ推進課,主事,正規,",
      "023,阿見　四,あみ　し,防災危機管理課,主事,正規,",
      "024,阿見　五,あみ　ご,上下水道課,不明な職,正規,", // invalid row: its 所属 is not proposed
    );
    const without = planRosterImport(parseRoster(text), [], KNOWN, OPTIONS);
    expect(without.add.map((r) => r.staffNumber)).toEqual(["021"]);
    expect(without.newDepartments).toEqual([]);
    expect(without.invalid.map((p) => [p.line, p.message])).toEqual([
      [2, "所属「DX推進課」は登録されていません。所属名に誤りがないか確認するか、新しい所属を作成する設定で取り込んでください。"],
      [4, "所属「DX推進課」は登録されていません。所属名に誤りがないか確認するか、新しい所属を作成する設定で取り込んでください。"],
      [5, "所属「防災危機管理課」は登録されていません。所属名に誤りがないか確認するか、新しい所属を作成する設定で取り込んでください。"],
      [6, "職位「不明な職」は登録されていません。"],
      [6, "所属「上下水道課」は登録されていません。所属名に誤りがないか確認するか、新しい所属を作成する設定で取り込んでください。"],
    ]);

    const withCreate = planRosterImport(parseRoster(text), [], KNOWN, { ...OPTIONS, createDepartments: true });
    expect(withCreate.add.map((r) => [r.staffNumber, r.departmentName])).toEqual([
      ["020", "DX推進課"],
      ["021", "総務課"],
      ["022", "DX推進課"],
      ["023", "防災危機管理課"],
    ]);
    expect(withCreate.newDepartments).toEqual(["DX推進課", "防災危機管理課"]);
    expect(withCreate.invalid).toEqual([{ line: 6, message: "職位「不明な職」は登録されていません。", staffNumber: "024" }]);
  });

  it("matches registered 所属 and 職位 spelled with 半角カナ or extra spaces, using the registered spelling", () => {
    const plan = planRosterImport(
      parseRoster(csv(HEADER, "030,阿見　一,あみ　はじめ,ﾃﾞｼﾞﾀﾙ推進課,ﾘｰﾀﾞｰ,正規,")),
      [],
      { departments: ["デジタル推進課"], ranks: ["リーダー"] },
      OPTIONS,
    );
    expect(plan.add.map((r) => [r.departmentName, r.rankName])).toEqual([["デジタル推進課", "リーダー"]]);
  });

  it("rejects an email already used by another staff member, but allows swapping addresses within the file", () => {
    const taken = planRosterImport(parseRoster(csv(HEADER, "010,阿見　十郎,あみ　じゅうろう,総務課,主事,正規,Hanako@example.jp")), existing, KNOWN, OPTIONS);
    expect(taken.add).toEqual([]);
    expect(taken.invalid).toEqual([
      { line: 2, message: "メールアドレス「hanako@example.jp」は、すでに職員番号「002」の阿見　花子さんが使っています。", staffNumber: "010" },
    ]);

    const swap = csv(HEADER, "001,阿見　太郎,あみ　たろう,総務課,主事,正規,hanako@example.jp", "002,阿見　花子,あみ　はなこ,税務課,主任,正規,taro@example.jp");
    const swapped = planRosterImport(parseRoster(swap), existing, KNOWN, OPTIONS);
    expect(swapped.invalid).toEqual([]);
    expect(swapped.update.map((u) => u.changes)).toEqual([
      [{ field: "email", before: "taro@example.jp", after: "hanako@example.jp" }],
      [{ field: "email", before: "hanako@example.jp", after: "taro@example.jp" }],
    ]);

    // 002's row is invalid (unknown 職位), so 002 keeps hanako@ and 001 cannot take it; then 001 keeps taro@ too.
    const broken = swap.replace("税務課,主任", "税務課,主任級");
    const plan = planRosterImport(parseRoster(broken), existing, KNOWN, OPTIONS);
    expect(plan.update).toEqual([]);
    expect(plan.invalid).toEqual([
      { line: 2, message: "メールアドレス「hanako@example.jp」は、すでに職員番号「002」の阿見　花子さんが使っています。", staffNumber: "001" },
      { line: 3, message: "職位「主任級」は登録されていません。", staffNumber: "002" },
    ]);
  });

  it("rejects an email still held by an inactive or deactivated staff member", () => {
    const holders = [staff("090", { email: "old@example.jp", active: false })];
    const plan = planRosterImport(parseRoster(csv(HEADER, "091,阿見　一,あみ　はじめ,総務課,主事,正規,old@example.jp")), holders, KNOWN, {
      ...OPTIONS,
      deactivateMissing: true,
    });
    expect(plan.invalid.map((p) => p.message)).toEqual(["メールアドレス「old@example.jp」は、すでに職員番号「090」の阿見　太郎さんが使っています。"]);
  });

  it("warns when Excel probably dropped leading zeros from a 職員番号", () => {
    const plan = planRosterImport(parseRoster(csv(HEADER, "123,阿見　太郎,あみ　たろう,総務課,主事,正規,")), [staff("00123")], KNOWN, {
      ...OPTIONS,
      deactivateMissing: true,
    });
    expect(plan).toEqual({
      add: [],
      update: [],
      deactivate: [],
      unchanged: 0,
      newDepartments: [],
      invalid: [
        {
          line: 2,
          message: "職員番号「123」は登録されていませんが、「00123」が登録されています。Excelで保存したときに先頭の0が消えていないか確認してください。",
          staffNumber: "123",
        },
      ],
    } satisfies RosterPlan);
  });

  it("merges parse and plan problems sorted by line", () => {
    const text = csv(
      HEADER,
      "001,阿見　太郎,あみ　たろう,総務課,部長級,正規,",
      "002,阿見　花子,あみ　はなこ,総務課,主事,パート,",
      "003,阿見　次郎,あみ　じろう,総務課,主事補,正規,",
    );
    expect(planRosterImport(parseRoster(text), [], KNOWN, OPTIONS).invalid.map((p) => p.line)).toEqual([2, 3, 4]);
  });

  it("is idempotent: planning the same file against the applied result changes nothing", () => {
    const options = { deactivateMissing: true, createDepartments: true };
    const text = file + "011,新課　一,しんか　はじめ,DX推進課,主事,嘱託,\r\n";
    const parsed = parseRoster(text);
    const first = planRosterImport(parsed, existing, KNOWN, options);
    expect(counts(first)).toEqual({ add: 2, update: 2, unchanged: 1, deactivate: 1, invalid: 0, newDepartments: 1 });
    const after = applyPlan(existing, first);
    const second = planRosterImport(parsed, after, { ...KNOWN, departments: [...KNOWN.departments, ...first.newDepartments] }, options);
    expect(counts(second)).toEqual({ add: 0, update: 0, unchanged: 5, deactivate: 0, invalid: 0, newDepartments: 0 });
  });

  it("handles 10,000 rows", () => {
    const types = ["正規", "再任用", "会計年度任用", "臨時", "嘱託"];
    const lines = [HEADER];
    for (let i = 0; i < 10_000; i++) {
      const dept = AMI_DEPARTMENTS[i % AMI_DEPARTMENTS.length]!;
      const rank = DEFAULT_JOB_RANKS[i % DEFAULT_JOB_RANKS.length]!;
      lines.push(`S${i},職員　${i},しょくいん　${i % 2 === 0 ? "いち" : "に"},${dept},${rank},${types[i % 5]},user${i}@example.jp`);
    }
    const parsed = parseRoster(csv(...lines));
    expect(parsed.rows).toHaveLength(10_000);
    expect(parsed.problems).toEqual([]);

    // 9,000 already registered (every 10th of those with another rank), 500 registered but not in the file.
    const current: ExistingStaff[] = parsed.rows.slice(0, 9_000).map((r, i) => ({
      staffNumber: r.staffNumber,
      name: r.name,
      nameKana: r.nameKana,
      email: r.email,
      departmentName: r.departmentName,
      rankName: i % 10 !== 0 ? r.rankName : r.rankName === "課長" ? "部長" : "課長",
      employmentType: r.employmentType,
      active: true,
    }));
    for (let i = 0; i < 500; i++) current.push(staff(`X${i}`, { email: `gone${i}@example.jp` }));
    const plan = planRosterImport(parsed, current, KNOWN, { deactivateMissing: true, createDepartments: false });
    expect(counts(plan)).toEqual({ add: 1_000, update: 900, unchanged: 8_100, deactivate: 500, invalid: 0, newDepartments: 0 });
    expect(plan.add[0]?.staffNumber).toBe("S9000");
    expect(plan.deactivate.slice(0, 3).map((s) => s.staffNumber)).toEqual(["X0", "X1", "X2"]);
  });
});
