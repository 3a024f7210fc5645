#!/usr/bin/env bash
# Prints the Debian packages Quarto's PDF (LaTeX) needs that this machine lacks, one per line;
# nothing when all are here. Used by report.sh before the notebooks run.
set -uo pipefail
command -v xelatex >/dev/null || echo texlive-xetex
command -v rsvg-convert >/dev/null || echo librsvg2-bin
if command -v kpsewhich >/dev/null; then
  [ -n "$(kpsewhich lmodern.sty)" ] || echo lmodern
  [ -n "$(kpsewhich pzdr.tfm)" ] || echo texlive-fonts-recommended
  [ -n "$(kpsewhich tcolorbox.sty)" ] || echo texlive-latex-extra
fi
# (grep reads all of fc-list's output: with -q it would stop early, fc-list would die of SIGPIPE
# and pipefail would report the fonts missing when they are not)
fc-list : family 2>/dev/null | grep -i "DejaVu Sans" >/dev/null || echo fonts-dejavu
