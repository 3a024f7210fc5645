"""Executes notebooks in place with their kernel (tslab), one after another.

Usage: execute_notebooks.py NOTEBOOK [NOTEBOOK ...]
Prints one line per notebook; on a failing cell, stops and names the notebook, the cell and
the error. The executed notebook (outputs included) replaces the file atomically.
"""
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError


def tslab_message(text):
    """The error in tslab's report of a failed cell, whose ename/evalue are empty: the
    traceback's "…Error: …" line, else the compiler's messages (printed to the cell's stderr)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    thrown = re.search(r"^\s*(\w*Error\b.*)$", text, re.M)
    if thrown:
        return thrown.group(1).strip()
    compiler = re.search(r"----- stderr -----\n(.*?)\n-{6,}", text, re.S)
    if compiler and compiler.group(1).strip():
        return compiler.group(1).strip()
    lines = [line for line in text.splitlines() if line.strip() and not set(line.strip()) <= {"-"}]
    return lines[-1] if lines else "no message"


def main(paths):
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        kernel = nb.metadata.get("kernelspec", {}).get("name", "")
        if kernel != "tslab":
            sys.exit(f"{path}: kernel is '{kernel}', expected 'tslab'")
        t0 = time.time()
        print(f"report: executing {path} ...", flush=True)
        current = {"index": None}

        def on_cell_execute(cell, cell_index, **kwargs):
            current["index"] = cell_index

        def run_once():
            # record_timing off: an unchanged notebook re-executed leaves no timestamps to diff
            client = NotebookClient(nb, kernel_name="tslab", timeout=None, startup_timeout=120, record_timing=False,
                                    resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
                                    on_cell_execute=on_cell_execute)
            client.execute()

        try:
            try:
                run_once()
            except (DeadKernelError, RuntimeError) as err:
                # tslab's kernel can die while it starts (a zeromq socket race under load):
                # before any cell ran, start it once more
                if current["index"] is not None:
                    raise
                print(f"report: the tslab kernel failed to start ({err}); starting it again", flush=True)
                run_once()
        except CellExecutionError as err:
            first_line = nb.cells[current["index"]].source.splitlines()[0] if current["index"] is not None else ""
            message = f"{err.ename}: {err.evalue}" if err.evalue else tslab_message(str(err))
            sys.exit(f"report: {path}: cell {current['index']} failed ({first_line!r}):\n  {message}")
        except DeadKernelError as err:
            sys.exit(f"report: {path}: the tslab kernel died: {err}")
        tmp = f"{path}.tmp-{os.getpid()}"
        nbformat.write(nb, tmp)
        os.replace(tmp, path)
        print(f"report: executed {path} in {time.time() - t0:.1f} s", flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
