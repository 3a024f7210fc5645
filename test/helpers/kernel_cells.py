"""Runs code cells one after another in one tslab kernel, as a user does in JupyterLab.

Usage: kernel_cells.py CELLS.json RESULTS.json
CELLS.json: a JSON list of cell sources; the kernel starts in the working directory.
RESULTS.json gets a JSON list with, per cell: status, seconds, and every output message
(msg_type + content) the cell published. (Not stdout: the kernel writes there too.)
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel


def main(path, results_path):
    cells = json.load(open(path))
    km, kc = start_new_kernel(kernel_name="tslab", startup_timeout=120)
    results = []
    try:
        for source in cells:
            outputs = []

            def hook(msg):
                if msg["msg_type"] in ("stream", "display_data", "update_display_data", "execute_result", "error"):
                    outputs.append({"msg_type": msg["msg_type"], "content": msg["content"]})

            t0 = time.time()
            reply = kc.execute_interactive(source, output_hook=hook, timeout=600)
            results.append({"status": reply["content"]["status"], "seconds": time.time() - t0, "outputs": outputs})
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    with open(results_path, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
