/**
 * A run directory while it trains: where the run stands (step, training time, best and last dev
 * line, the open logging window), restored from its last checkpoint, and everything the loop
 * writes there: train and dev lines, checkpoints, the best checkpoint with its dev predictions,
 * and done.json. Every write is atomic or an appended line, so a crash leaves a resumable run.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs";
import type { BackendInfo } from "../runtime/backend.js";
import { appendJsonLine, writeFileAtomic, writeJsonAtomic } from "../util/atomic.js";
import type { CodeVersion } from "../util/code-version.js";
import { machineInfo } from "../util/machine.js";
import type { LabelledImages } from "../data/dataset.js";
import { CheckpointError, loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { evaluateModel, type BatchPredictor } from "./evaluate.js";
import {
  bestCheckpointName,
  holeBefore,
  readMetrics,
  readMetricsFile,
  readPredictionsStep,
  RUN_FILES,
  RunFileError,
  type DevLine,
  type DoneInfo,
  type PredictionsFile,
  type TrainLine,
} from "./run-files.js";

/** What the current logging window has summed so far; saved with a checkpoint, so a resumed run logs the same values. */
interface LogWindow {
  loss: number;
  steps: number;
  hits: number;
  sampled: number;
}
const emptyWindow = (): LogWindow => ({ loss: 0, steps: 0, hits: 0, sampled: 0 });

function listBestCheckpoints(dir: string): number[] {
  return readdirSync(dir)
    .map((f) => /^best-(\d+)\.ckpt$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
}

export class RunRecord {
  step = 0;
  trainSeconds = 0;
  best: DevLine | null = null;
  lastDev: DevLine | null = null;
  /** The training path that made the restored checkpoint (runs before the compiled step: eager); null for a new run. */
  checkpointEngine: string | null = null;
  /** The training path of this run, recorded in every checkpoint and in done.json. */
  engine = "eager";
  private window: LogWindow = emptyWindow();

  private constructor(
    readonly dir: string,
    private readonly model: tf.LayersModel,
    private readonly optimizer: tf.Optimizer,
    private readonly backend: BackendInfo,
  ) {}

  /**
   * Restores the last checkpoint (a damaged or missing one restarts the run from step 0, and says
   * so) and makes the run directory agree with it: metrics beyond it are dropped (that timeline is
   * replayed), a dev line saved with it but cut before the metrics is put back, and best
   * checkpoints and predictions that the restored timeline does not hold are removed.
   */
  static async resume(
    dir: string,
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    backend: BackendInfo,
    log: (m: string) => void,
  ): Promise<RunRecord> {
    const run = new RunRecord(dir, model, optimizer, backend);
    let pendingDev: DevLine | null = null;
    const lastPath = join(dir, RUN_FILES.last);
    if (existsSync(lastPath)) {
      try {
        const ckpt = await loadCheckpoint(lastPath, model, optimizer);
        run.step = ckpt.step;
        run.trainSeconds = Number(ckpt.meta.trainSeconds ?? 0);
        run.best = (ckpt.meta.best as DevLine | null) ?? null;
        pendingDev = (ckpt.meta.dev as DevLine | null) ?? null;
        run.window = (ckpt.meta.window as LogWindow | undefined) ?? emptyWindow();
        run.checkpointEngine = typeof ckpt.meta.engine === "string" ? ckpt.meta.engine : "eager";
        log(`resuming ${dir} from step ${run.step}`);
      } catch (err) {
        if (!(err instanceof CheckpointError)) throw err;
        log(`${err.message}; restarting the run from step 0`);
      }
    }
    const read = readMetricsFile(dir);
    const loggedStep = read.lines.at(-1)?.step ?? 0;
    if (loggedStep > 0 && !existsSync(lastPath))
      log(
        `${join(dir, RUN_FILES.metrics)} logs ${loggedStep} steps, but ${RUN_FILES.last} is missing (checkpoints are not committed: a clone, or a copy of the directory without them, cannot resume); restarting the run from step 0`,
      );
    const hole = holeBefore(read, run.step);
    if (hole)
      throw new RunFileError(
        join(dir, RUN_FILES.metrics),
        `line ${hole.line} (${hole.problem}) lies before the checkpoint at step ${run.step}, so the log up to it cannot be replayed`,
        `the run cannot finish with a whole log: move ${dir} away and train it again from step 0`,
      );
    const kept = read.lines.filter((l) => l.step <= run.step);
    if (run.step > 0 && pendingDev && !kept.some((l) => l.kind === "dev" && l.step === pendingDev!.step))
      kept.push(pendingDev);
    writeFileAtomic(join(dir, RUN_FILES.metrics), kept.map((l) => JSON.stringify(l) + "\n").join(""));
    for (const s of listBestCheckpoints(dir)) if (s !== run.best?.step) rmSync(join(dir, bestCheckpointName(s)));
    if (run.best && !existsSync(join(dir, bestCheckpointName(run.best.step)))) run.best = null;
    if (readPredictionsStep(dir) !== (run.best?.step ?? null))
      rmSync(join(dir, RUN_FILES.devPredictions), { force: true });
    run.lastDev = [...kept].reverse().find((l): l is DevLine => l.kind === "dev") ?? null;
    return run;
  }

  /** One step done: its loss, its batch's inference-mode hits when sampled (else null), and its time. */
  addStep(loss: number, sampledHits: number | null, batchSize: number, seconds: number): void {
    this.step++;
    this.trainSeconds += seconds;
    if (!Number.isFinite(loss)) throw new Error(`loss became ${loss} at step ${this.step} of ${this.dir}`);
    this.window.loss += loss;
    this.window.steps++;
    if (sampledHits !== null) {
      this.window.hits += sampledHits;
      this.window.sampled += batchSize;
    }
  }

  /**
   * Logs the window's mean loss and pooled sampled accuracy as a train line (with the system's
   * load and the cores the process could use, where given), and opens a new window.
   */
  logTrain(learningRate: number, imagesPerSecond: number, load: number | null = null, cores?: number): void {
    const w = this.window;
    appendJsonLine(join(this.dir, RUN_FILES.metrics), {
      kind: "train",
      step: this.step,
      loss: w.loss / w.steps,
      accuracy: w.sampled > 0 ? w.hits / w.sampled : null,
      learningRate,
      imagesPerSecond,
      ...(load === null ? {} : { load }),
      ...(cores === undefined ? {} : { cores }),
    } satisfies TrainLine);
    this.window = emptyWindow();
  }

  /** The last checkpoint; `dev` is this step's dev line, appended to the metrics just after. */
  checkpoint(dev: DevLine | null = null): Promise<void> {
    return saveCheckpoint(join(this.dir, RUN_FILES.last), this.step, this.model, this.optimizer, {
      trainSeconds: this.trainSeconds,
      best: this.best,
      backend: this.backend.name,
      engine: this.engine,
      dev,
      window: this.window,
    });
  }

  /** A dev evaluation: a new best is kept (checkpoint and predictions) before the line is logged. */
  async evaluateDev(devSet: LabelledImages, devImages: string, predict?: BatchPredictor): Promise<void> {
    const e = evaluateModel(predict ?? this.model, devSet);
    const line: DevLine = { kind: "dev", step: this.step, accuracy: e.accuracy, perClass: e.perClass };
    const previous = this.best;
    if (!previous || line.accuracy > previous.accuracy) {
      await saveCheckpoint(join(this.dir, bestCheckpointName(this.step)), this.step, this.model, null, {
        devAccuracy: line.accuracy,
      });
      writeJsonAtomic(join(this.dir, RUN_FILES.devPredictions), {
        step: this.step,
        images: devImages,
        predictions: e.predictions.join(""),
      } satisfies PredictionsFile);
      this.best = line;
      await this.checkpoint(line);
      if (previous) rmSync(join(this.dir, bestCheckpointName(previous.step)), { force: true });
    } else {
      await this.checkpoint(line);
    }
    appendJsonLine(join(this.dir, RUN_FILES.metrics), line);
    this.lastDev = line;
  }

  /** The run is complete: done.json, with this machine, the mean load its train lines logged and any steps on fewer cores. */
  finish(code: CodeVersion | null): DoneInfo {
    const lines = readMetrics(this.dir).filter((l): l is TrainLine => l.kind === "train");
    const done: DoneInfo = {
      complete: true,
      steps: this.step,
      backend: this.backend,
      engine: this.engine,
      trainSeconds: this.trainSeconds,
      best: this.best,
      last: this.lastDev,
      finishedAt: new Date().toISOString(),
      code,
      machine: machineInfo(lines),
    };
    writeJsonAtomic(join(this.dir, RUN_FILES.done), done);
    return done;
  }
}
