"""A Jupyter server extension of `npm run lab` (enabled in jupyter_server_config.py beside it).

JupyterLab's Plotly renderer draws a stored chart as its PNG copy and, when the pointer first
enters it, turns it into the interactive chart and replaces the PNG with a new screenshot. That
marks the notebook changed, and autosave would write a new PNG into git although nothing else
changed. Before each save, a chart whose figure is unchanged keeps the PNG stored on disk.
"""

import json
import os

PLOTLY = "application/vnd.plotly.v1+json"


def stored_cells(path):
    """The cells of the notebook file as it is on disk, by cell id ({} when unreadable)."""
    try:
        with open(path, encoding="utf-8") as f:
            return {cell.get("id"): cell for cell in json.load(f).get("cells", [])}
    except (OSError, ValueError, AttributeError):
        return {}


def keep_stored_chart_images(model, path, contents_manager, **kwargs):
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    stored = stored_cells(os.path.join(contents_manager.root_dir, path))
    for cell in model["content"].get("cells", []):
        before = stored.get(cell.get("id"))
        if not before:
            continue
        for output, old in zip(cell.get("outputs", []), before.get("outputs", [])):
            data, old_data = output.get("data") or {}, old.get("data") or {}
            if PLOTLY not in data or data.get(PLOTLY) != old_data.get(PLOTLY):
                continue
            if "image/png" in old_data:
                data["image/png"] = old_data["image/png"]
            else:
                data.pop("image/png", None)


def _load_jupyter_server_extension(serverapp):
    serverapp.contents_manager.register_pre_save_hook(keep_stored_chart_images)
