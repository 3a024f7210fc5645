/**
 * Rich output from notebook cells. Inside the tslab kernel a value is shown as a Jupyter
 * display with several MIME types at once (e.g. an interactive chart and its text); outside a
 * kernel (CLIs, tests) its text/plain part is printed.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { projectRoot } from "../../util/paths.js";

export type MimeBundle = Record<string, unknown> & { "text/plain": string };

type Writer = (msg: { data: Record<string, unknown>; metadata: object; transient: object }, update: boolean) => void;

interface TslabPublic {
  newDisplay(): { text(s: string): void; html(s: string): void };
}

function load<T>(id: string): T | null {
  try {
    return createRequire(join(projectRoot(), "package.json"))(id) as T;
  } catch {
    return null;
  }
}

/** tslab's writer of display messages, when running inside its kernel. */
function tslabWriter(): Writer | null {
  return load<{ lastWriteDisplayData: Writer | null }>("tslab/dist/jupyter")?.lastWriteDisplayData ?? null;
}

export function insideNotebook(): boolean {
  return tslabWriter() !== null;
}

function display(bundle: MimeBundle): void {
  const write = tslabWriter();
  if (write) write({ data: bundle, metadata: {}, transient: {} }, false);
  else console.log(bundle["text/plain"]);
}

/** A figure's caption (what to look at in it), as an output of its own: every renderer shows it. */
export function captionBundle(text: string): MimeBundle {
  return {
    "text/markdown": `*${escapeHtml(text).replace(/([*_\\`])/g, "\\$1")}*`,
    "text/html": `<p class="figure-caption"><em>${escapeHtml(text)}</em></p>`,
    "text/plain": text,
  };
}

/** The HTML class of a row of labelled images (its printed copy is drawn from the HTML: rasterize.ts). */
export const IMAGE_STRIP_CLASS = "image-strip";

/** The HTML class of a note (a line of text in place of a table or chart, e.g. "nothing to plot yet"). */
export const NOTE_CLASS = "report-note";

function isNote(bundle: MimeBundle): boolean {
  return String(bundle["text/html"] ?? "").startsWith(`<p class="${NOTE_CLASS}">`);
}

/**
 * A picture and its caption, shown as two outputs (the picture, then the caption), as a chart
 * and its caption are: every renderer shows the caption, and Quarto's PDF sets the two as one
 * numbered figure.
 */
export interface CaptionedFigure {
  figure: MimeBundle;
  caption: string;
}

export function isCaptionedFigure(x: MimeBundle | CaptionedFigure): x is CaptionedFigure {
  return typeof (x as CaptionedFigure).caption === "string" && typeof (x as CaptionedFigure).figure === "object";
}

/**
 * Shows a table, chart, note or captioned figure; a chart's caption, when given, follows it
 * (not a note's: a chart with nothing to draw becomes a note, and a caption would describe what
 * is not there).
 */
export function show(item: MimeBundle | CaptionedFigure, caption?: string): void {
  const [bundle, text] = isCaptionedFigure(item) ? [item.figure, item.caption] : [item, caption];
  display(bundle);
  if (text && !isNote(bundle)) display(captionBundle(text));
}

/** A display that later calls overwrite in place (a live progress line in a notebook). */
export function liveLine(): (text: string) => void {
  if (insideNotebook()) {
    const d = load<TslabPublic>("tslab")!.newDisplay();
    return (text) => d.text(text);
  }
  return (text) => process.stderr.write(`${text}\n`);
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The first line tslab prints when a cell is interrupted: an Error whose stack lists tslab's own internals. */
const TSLAB_INTERRUPT = "Error: Interrupted asynchronously";

/**
 * While a cell trains, tslab's answer to Kernel → Interrupt (its error with a stack of its own
 * internals, printed to the cell's stderr) is replaced by one line saying what happens. Returns
 * the function that puts stderr back (also done at the first interrupt).
 */
export function interruptInOneLine(message: string): () => void {
  const stderr = process.stderr;
  const write = stderr.write;
  const restore = () => {
    if (stderr.write === oneLine) stderr.write = write;
  };
  const oneLine = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (!text.startsWith(TSLAB_INTERRUPT)) return write.call(stderr, chunk, ...rest);
    restore();
    return write.call(stderr, `${message}\n`, ...rest);
  }) as typeof stderr.write;
  stderr.write = oneLine;
  return restore;
}
