"""Executes notebooks in place with their kernel (tslab), one after another.

Usage: execute_notebooks.py NOTEBOOK [NOTEBOOK ...]
Prints one line per notebook; on a failing cell, stops and names the notebook, the cell and
the error. The executed notebook (outputs included) replaces the file atomically.
"""
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError


def main(paths):
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        kernel = nb.metadata.get("kernelspec", {}).get("name", "")
        if kernel != "tslab":
            sys.exit(f"{path}: kernel is '{kernel}', expected 'tslab'")
        t0 = time.time()
        print(f"report: executing {path} ...", flush=True)
        client = NotebookClient(nb, kernel_name="tslab", timeout=None, startup_timeout=120,
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        try:
            client.execute()
        except CellExecutionError as err:
            index = next((i for i, c in enumerate(nb.cells) if c.get("outputs") and any(o.get("output_type") == "error" for o in c["outputs"])), None)
            detail = str(err).strip().splitlines()
            sys.exit(f"report: {path}: cell {index if index is not None else '?'} failed:\n  " + "\n  ".join(detail[-12:]))
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
