/** The demo classes' survey answers (アンケート): satisfaction, clarity, the topic wanted next and a comment. */
import { addMinutes, maxDate, minDate, nextOfficeTime } from "./calendar";
import type { Generation } from "./model";
import type { StaffTrainingSpec } from "./plan";

const RESIDENT_NEXT_TOPICS = [
  "写真の整理",
  "マイナンバーカードの使い方",
  "LINEのビデオ通話",
  "キャッシュレス決済",
  "防災アプリの設定",
  "文字を大きくする設定",
  "ネットショッピングの注意点",
  "地図アプリの使い方",
];
const STAFF_NEXT_TOPICS: Record<StaffTrainingSpec["category"], string[]> = {
  "dx-literacy": ["生成AIの業務活用", "表計算ソフトの効率的な使い方", "RPAによる定型業務の自動化", "電子申請フォームの作り方"],
  security: ["インシデント発生時の初動対応", "パスワード管理と多要素認証", "個人情報の取扱い", "脱PPAPとファイル共有"],
};
const RESIDENT_COMMENTS = {
  high: [
    "ゆっくり丁寧に教えてもらえて、よく分かりました。",
    "孫にLINEで写真を送れるようになりました。",
    "少人数で質問しやすかったです。",
    "また参加したいです。",
    "家族に聞かなくても設定できるようになりました。",
    "支援員さんがそばで見てくれて安心でした。",
  ],
  mid: ["進み方が少し速く感じました。", "資料の文字をもう少し大きくしてほしいです。", "自分の機種と画面が違い、少し戸惑いました。"],
  low: ["内容が難しく、ついていけませんでした。", "声が聞こえにくい場面がありました。"],
};
const STAFF_COMMENTS = {
  high: ["業務での具体的な活用例が参考になった。", "演習があって理解しやすかった。", "課内でも共有したい。"],
  mid: ["内容が多く、時間が足りなかった。", "もう少し実務に近い事例がほしい。"],
  low: ["既に知っている内容が多かった。"],
};

/** One survey answer for a session that ended at `end` (on day `endDay`), on paper or by QR code. */
export function addSurvey(
  gen: Generation,
  sessionId: string,
  end: Date,
  endDay: number,
  audience: "residents" | "staff",
  category: string,
  enteredBy: string | null,
): void {
  const { rng, ids, rows, organizationId, today } = gen;
  const satisfaction = rng.weighted([
    [5, 0.48],
    [4, 0.36],
    [3, 0.13],
    [2, 0.03],
  ] as const);
  const clarity = Math.max(1, Math.min(5, satisfaction - (rng.chance(0.3) ? 1 : 0) + (rng.chance(0.08) ? 1 : 0)));
  const comments = audience === "residents" ? RESIDENT_COMMENTS : STAFF_COMMENTS;
  const level = satisfaction >= 4 ? comments.high : satisfaction === 3 ? comments.mid : comments.low;
  // Paper forms are typed in on the next working day; until then only the QR answers exist.
  const paperAt = nextOfficeTime(rng, endDay);
  const source = rng.chance(audience === "residents" ? 0.7 : 0.2) && paperAt.getTime() < today.getTime() ? "paper" : "qr";
  const topics = audience === "residents" ? RESIDENT_NEXT_TOPICS : (STAFF_NEXT_TOPICS[category as StaffTrainingSpec["category"]] ?? []);
  rows.surveys.push({
    id: ids.uuid(),
    organizationId,
    sessionId,
    satisfaction,
    clarity,
    nextTopic: rng.chance(0.35) && topics.length > 0 ? rng.pick(topics) : null,
    comment: rng.chance(satisfaction <= 3 ? 0.6 : 0.25) ? rng.pick(level) : null,
    source,
    enteredBy: source === "paper" ? enteredBy : null,
    createdAt: source === "paper" ? paperAt : minDate(addMinutes(end, rng.int(3, 40)), maxDate(end, addMinutes(today, -1))),
  });
}
