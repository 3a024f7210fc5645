/**
 * Which training path trains a run: the compiled step (one TensorFlow graph a batch,
 * compiled-step.ts) where it can run, the eager reference path otherwise, or the one
 * `FMNIST_ENGINE` names. A run is trained by one path from its first step to its last: a
 * resumed run keeps the path its checkpoint records.
 */
import { ExpectedError } from "../util/errors.js";
import { ENGINES, type Engine } from "./compiled-step.js";

export function isEngine(name: string): name is Engine {
  return (ENGINES as readonly string[]).includes(name);
}

/** FMNIST_ENGINE's value, checked: a path's name, or undefined when it is not set. */
function checkRequested(requested: string | undefined): Engine | undefined {
  if (requested !== undefined && !isEngine(requested))
    throw new ExpectedError(
      `FMNIST_ENGINE='${requested}' is not a training path; expected one of ${ENGINES.join(", ")}`,
    );
  return requested;
}

/**
 * The path for a run. `recorded`: the path of the checkpoint it resumes from (null for a new
 * run); `requested`: FMNIST_ENGINE, if set; `compiledUnavailable`: why the compiled step cannot
 * run here, or null.
 */
export function chooseEngine(
  recorded: string | null,
  requested: string | undefined,
  compiledUnavailable: string | null,
  dir: string,
): Engine {
  checkRequested(requested);
  if (recorded !== null) {
    if (!isEngine(recorded))
      throw new ExpectedError(
        `${dir}: its checkpoint records the training path '${recorded}', which this code does not know`,
      );
    if (requested !== undefined && requested !== recorded)
      throw new ExpectedError(
        `${dir} was trained by the ${recorded} path and a run keeps one path from its first step to its last: unset FMNIST_ENGINE to resume it, or train it anew elsewhere`,
      );
    if (recorded === "compiled" && compiledUnavailable)
      throw new ExpectedError(
        `${dir} was trained by the compiled path, which cannot run here (${compiledUnavailable}): resume it where it can`,
      );
    return recorded;
  }
  return unrecordedEngine(requested, compiledUnavailable);
}

/**
 * The path for work that no checkpoint pins (a new run, inference of a trained model): the one
 * `requested` (FMNIST_ENGINE) names, else compiled where it can run here, else eager.
 */
export function unrecordedEngine(requested: string | undefined, compiledUnavailable: string | null): Engine {
  const engine = checkRequested(requested) ?? (compiledUnavailable ? "eager" : "compiled");
  if (engine === "compiled" && compiledUnavailable)
    throw new ExpectedError(`FMNIST_ENGINE=compiled cannot be used here: ${compiledUnavailable}`);
  return engine;
}
