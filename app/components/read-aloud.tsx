import { useEffect, useRef, useState } from "react";
import { useTranslation } from "~/i18n/react";

type State = "idle" | "speaking" | "paused";

/** Blocks read one after another; a block inside another one (a <p> in an <li>) is read with its parent. */
const BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, blockquote, pre, figcaption";
/** Long blocks are cut after a 。 so that no single utterance runs long (some browsers stop long ones midway). */
const MAX_CHUNK = 120;

interface Chunk {
  text: string;
  block: Element;
}

/** The text a listener should hear: furigana readings (<rt>, <rp>) are left out, so 漢字 is not read twice. */
function spokenText(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  copy.querySelectorAll("rt, rp").forEach((node) => node.remove());
  return (copy.textContent ?? "").replace(/\s+/g, " ").trim();
}

function splitLong(text: string): string[] {
  if (text.length <= MAX_CHUNK) return [text];
  const sentences = text.split(/(?<=[。！？!?])/);
  const parts: string[] = [];
  let current = "";
  for (const sentence of sentences) {
    if (current && current.length + sentence.length > MAX_CHUNK) {
      parts.push(current);
      current = "";
    }
    current += sentence;
  }
  if (current) parts.push(current);
  return parts;
}

export function collectChunks(roots: Element[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (const root of roots) {
    const outermost = (el: Element) => {
      const outer = el.parentElement?.closest(BLOCKS);
      return !outer || !root.contains(outer);
    };
    const blocks = root.matches(BLOCKS) ? [root] : Array.from(root.querySelectorAll(BLOCKS)).filter(outermost);
    for (const block of blocks) {
      const text = spokenText(block);
      if (text) for (const part of splitLong(text)) chunks.push({ text: part, block });
    }
  }
  return chunks;
}

/** Marks the paragraph being read (and unmarks the one before). */
function moveHighlight(highlighted: { current: Element | null }, block: Element | null) {
  highlighted.current?.classList.remove("reading-now");
  highlighted.current = block;
  block?.classList.add("reading-now");
}

/** The speech language for a text's language: ja → ja-JP, en → en-GB (what the voices are listed with). */
const SPEECH_LANG: Record<string, string> = { ja: "ja-JP", en: "en-GB" };

function voiceFor(synth: SpeechSynthesis, lang: string): SpeechSynthesisVoice | undefined {
  const voices = synth.getVoices();
  const exact = SPEECH_LANG[lang] ?? lang;
  return voices.find((v) => v.lang === exact) ?? voices.find((v) => v.lang.toLowerCase().replace("_", "-").startsWith(lang));
}

/**
 * 読み上げ: reads the lesson aloud with the browser's speech synthesis, in a voice of the lesson's language (`lang`:
 * Japanese, or English for a translated lesson). Rendered with `hidden` on the server and shown only after hydration in
 * a browser that has speech synthesis (and, when it lists its voices, one for that language). The paragraph being read
 * is highlighted. The buttons are labelled in the page's language.
 */
export function ReadAloud({ sourceIds, lang = "ja" }: { sourceIds: string[]; lang?: string }) {
  const { t } = useTranslation();
  const [available, setAvailable] = useState(false);
  const [state, setState] = useState<State>("idle");
  const run = useRef(0);
  const highlighted = useRef<Element | null>(null);
  const mainButton = useRef<HTMLButtonElement>(null);

  const highlight = (block: Element | null) => moveHighlight(highlighted, block);

  useEffect(() => {
    const synth = window.speechSynthesis as SpeechSynthesis | undefined;
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return;
    // Voices often arrive later (voiceschanged). Hide the button only when the browser lists voices and none is Japanese.
    const check = () => {
      const voices = synth.getVoices();
      setAvailable(voices.length === 0 || !!voiceFor(synth, lang));
    };
    check();
    synth.addEventListener?.("voiceschanged", check);
    return () => {
      synth.removeEventListener?.("voiceschanged", check);
      // run is a counter, not a node: bumping it here stops the reading that was in progress.
      // eslint-disable-next-line react-hooks/exhaustive-deps
      run.current++;
      synth.cancel();
      moveHighlight(highlighted, null);
    };
  }, [lang]);

  const stop = () => {
    run.current++;
    window.speechSynthesis.cancel();
    highlight(null);
    setState("idle");
  };

  const start = () => {
    const synth = window.speechSynthesis;
    const roots = sourceIds.map((id) => document.getElementById(id)).filter((el): el is HTMLElement => el !== null);
    const chunks = collectChunks(roots);
    if (chunks.length === 0) return;
    const current = ++run.current;
    synth.cancel();
    const voice = voiceFor(synth, lang);
    chunks.forEach((chunk, i) => {
      const utterance = new SpeechSynthesisUtterance(chunk.text);
      utterance.lang = SPEECH_LANG[lang] ?? lang;
      try {
        if (voice) utterance.voice = voice;
      } catch {
        // not a voice this browser accepts: lang alone picks one of that language
      }
      utterance.rate = 0.9; // a little slower than the default, for older listeners
      utterance.onstart = () => {
        if (run.current === current) highlight(chunk.block);
      };
      if (i === chunks.length - 1) {
        utterance.onend = () => {
          if (run.current !== current) return;
          highlight(null);
          setState("idle");
        };
      }
      synth.speak(utterance);
    });
    setState("speaking");
  };

  const onMain = () => {
    const synth = window.speechSynthesis;
    if (state === "idle") start();
    else if (state === "speaking") {
      synth.pause();
      setState("paused");
    } else {
      synth.resume();
      setState("speaking");
    }
  };

  const onStop = () => {
    stop();
    mainButton.current?.focus(); // the 停止 button is disabled now; keep the focus on the controls
  };

  const label = state === "idle" ? t("readAloud.read") : state === "speaking" ? t("readAloud.pause") : t("readAloud.resume");
  return (
    <div className="read-aloud" hidden={!available}>
      <button type="button" ref={mainButton} className="button small read-aloud-main" onClick={onMain} aria-describedby="read-aloud-status">
        <span aria-hidden="true" className="read-aloud-icon">
          {state === "speaking" ? "❚❚" : "▶"}
        </span>
        {label}
      </button>
      <button type="button" className="button small secondary" onClick={onStop} disabled={state === "idle"}>
        <span aria-hidden="true" className="read-aloud-icon">
          ■
        </span>
        {t("readAloud.stop")}
      </button>
      <span id="read-aloud-status" className="visually-hidden" role="status">
        {state === "speaking" ? t("readAloud.speaking") : state === "paused" ? t("readAloud.paused") : ""}
      </span>
    </div>
  );
}
