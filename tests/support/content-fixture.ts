import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export const VALID_INDEX = `---
title: テスト講座
summary: テストのための講座です。
audience: staff
category: security
level: beginner
estimatedMinutes: 20
language: ja
tags: [テスト]
reviewedOn: 2026-11-22
---
この講座の説明です。
`;

export const lesson = (title: string, body = "## 見出し\n\n本文です。\n", minutes = 10) => `---\ntitle: ${title}\nestimatedMinutes: ${minutes}\n---\n${body}`;

export const VALID_ORG = `slug: testtown
name: テスト町
nameKana: てすとまち
prefecture: 茨城県
departments:
  - { code: somu, name: 総務課 }
  - { code: jinji, name: 人事課 }
`;

/** A minimal valid content/ tree: one course with two lessons and one organization. */
export function validTree(): Record<string, string> {
  return {
    "courses/test-course/index.md": VALID_INDEX,
    "courses/test-course/01-first.md": lesson("はじめのレッスン"),
    "courses/test-course/02-second.md": lesson("つぎのレッスン"),
    "organizations/testtown.yaml": VALID_ORG,
  };
}

/** Writes files (paths relative to the content root) into a new temporary directory and returns its path. */
export async function writeContentTree(files: Record<string, string | null>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "manabiya-content-"));
  await mkdir(path.join(root, "courses"), { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    if (text === null) continue;
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text, "utf8");
  }
  return root;
}

export async function removeTree(root: string) {
  await rm(root, { recursive: true, force: true });
}
