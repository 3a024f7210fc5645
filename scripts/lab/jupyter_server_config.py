"""Jupyter server settings for `npm run lab` (scripts/lab.sh passes this file with --config)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# stored charts keep their PNG when only looked at (see keep_chart_images.py)
c.ServerApp.jpserver_extensions = {"keep_chart_images": True}  # noqa: F821 (c: Jupyter's config object)
