/** The residents who sign up for the demo classes: a pool per town, drawn from again and again. */
import type { Rng } from "~/kernel/random";
import type { registrations } from "../../../db/schema";
import type { OrgPlan } from "./plan";

type AgeBand = NonNullable<(typeof registrations.$inferInsert)["ageBand"]>;

// Residents' names: common family names and given names of people now in their 60s–80s.
// prettier-ignore
const FAMILY: [string, string][] = [
  ["鈴木", "すずき"], ["佐藤", "さとう"], ["高橋", "たかはし"], ["田中", "たなか"], ["渡辺", "わたなべ"], ["伊藤", "いとう"],
  ["小林", "こばやし"], ["中村", "なかむら"], ["加藤", "かとう"], ["山本", "やまもと"], ["木村", "きむら"], ["斉藤", "さいとう"],
  ["吉田", "よしだ"], ["飯田", "いいだ"], ["根本", "ねもと"], ["大和田", "おおわだ"], ["石塚", "いしづか"], ["宮本", "みやもと"],
  ["小松崎", "こまつざき"], ["海老原", "えびはら"], ["栗山", "くりやま"], ["坂本", "さかもと"], ["菅谷", "すがや"], ["野口", "のぐち"],
  ["岡野", "おかの"], ["長島", "ながしま"], ["塚本", "つかもと"], ["小沼", "こぬま"], ["横田", "よこた"], ["清水", "しみず"],
];
// prettier-ignore
const GIVEN: [string, string][] = [
  ["和子", "かずこ"], ["幸子", "さちこ"], ["節子", "せつこ"], ["洋子", "ようこ"], ["恵子", "けいこ"], ["京子", "きょうこ"],
  ["美智子", "みちこ"], ["悦子", "えつこ"], ["久美子", "くみこ"], ["静江", "しずえ"], ["春江", "はるえ"], ["とし子", "としこ"],
  ["文子", "ふみこ"], ["正子", "まさこ"], ["弘", "ひろし"], ["茂", "しげる"], ["進", "すすむ"], ["勇", "いさむ"],
  ["清", "きよし"], ["博", "ひろし"], ["昭", "あきら"], ["勝", "まさる"], ["稔", "みのる"], ["隆", "たかし"],
  ["武", "たけし"], ["光男", "みつお"], ["正夫", "まさお"], ["和夫", "かずお"],
];

export interface Person {
  name: string;
  nameKana: string;
  phone: string | null;
  ageBand: AgeBand;
  district: string;
  needs: string[];
}

export function residentPool(rng: Rng, plan: OrgPlan, size: number): Person[] {
  const seen = new Set<string>();
  const pool: Person[] = [];
  while (pool.length < size) {
    const [family, familyKana] = rng.pick(FAMILY);
    const [given, givenKana] = rng.pick(GIVEN);
    const name = `${family}　${given}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const needsRoll = rng.float();
    pool.push({
      name,
      nameKana: `${familyKana}　${givenKana}`,
      phone: rng.chance(0.5) ? plan.phone(rng) : null,
      ageBand: rng.weighted<AgeBand>([
        ["under60", 0.05],
        ["60s", 0.2],
        ["70s", 0.45],
        ["80plus", 0.3],
      ]),
      district: rng.pick(plan.districts),
      needs:
        needsRoll < 0.08
          ? ["hearing_aid"]
          : needsRoll < 0.11
            ? ["wheelchair"]
            : needsRoll < 0.15
              ? ["large_print"]
              : needsRoll < 0.2
                ? ["own_device_help"]
                : [],
    });
  }
  return pool;
}

/** How many people at the head of the pool are regulars (常連) who keep coming back to classes. */
const REGULARS = 30;

/** `count` different people: about a third of the draws go to the regulars, the rest to anyone. */
export function drawPeople(rng: Rng, pool: Person[], count: number, exclude: ReadonlySet<Person> = new Set()): Person[] {
  const chosen = new Set<Person>();
  const want = Math.min(count, pool.length - exclude.size);
  while (chosen.size < want) {
    const p = pool[rng.chance(0.35) ? rng.int(0, Math.min(REGULARS, pool.length) - 1) : rng.int(0, pool.length - 1)]!;
    if (!exclude.has(p)) chosen.add(p);
  }
  return [...chosen];
}
