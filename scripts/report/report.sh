#!/usr/bin/env bash
# npm run report: execute the notebooks from the runs in output_dir/, then render the report —
# with Quarto when it is installed, otherwise to _site/ (HTML + PDF).
# Options: --train (train the runs missing from the store first; without it a missing run
# becomes a note in the report), --no-execute (render the stored outputs only), --with-code
# (print the notebooks' code in the PDF too; the HTML always has it, folded).
# Environment: FMNIST_PROFILE (smoke|cpu|paper, default cpu), FMNIST_OUTPUT_DIR (run store).
set -euo pipefail
cd "$(dirname "$0")/../.."

EXECUTE=1
export FMNIST_TRAIN=never
for arg in "$@"; do
  case "$arg" in
    --no-execute) EXECUTE=0 ;;
    --train) FMNIST_TRAIN=missing ;;
    --with-code) export REPORT_WITH_CODE=1 ;;
    *) echo "report: unknown option $arg (expected --train, --no-execute or --with-code)" >&2; exit 2 ;;
  esac
done

bash scripts/setup.sh
bash scripts/build.sh

# Quarto's PDF goes through LaTeX: check its packages before the notebooks run, not after.
if command -v quarto >/dev/null; then
  mapfile -t missing < <(bash scripts/report/latex-packages.sh | sort -u)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "report: Quarto's PDF needs LaTeX packages that are missing: ${missing[*]} (Debian: apt-get install ${missing[*]}); or uninstall Quarto to render _site/ without LaTeX" >&2
    exit 1
  fi
fi
mapfile -t NOTEBOOKS < <(.venv/bin/python -c 'import yaml; [print(c) for c in yaml.safe_load(open("_quarto.yml"))["book"]["chapters"] if c.endswith(".ipynb")]')

if [ "$EXECUTE" = 1 ]; then
  # What the notebooks will find in the run store, and what they would train.
  node_modules/.bin/tsx src/cli/study.ts --list --profile "${FMNIST_PROFILE:-cpu}"
  if [ "$FMNIST_TRAIN" = never ]; then
    echo "report: missing runs become notes in the report (npm run report -- --train trains them first)"
  else
    echo "report: missing runs are trained now"
  fi
  .venv/bin/python scripts/report/execute_notebooks.py "${NOTEBOOKS[@]}"
  node_modules/.bin/tsx scripts/report/rasterize.ts "${NOTEBOOKS[@]}"
fi

if command -v quarto >/dev/null; then
  echo "report: rendering with $(quarto --version | head -n 1 | sed 's/^/Quarto /')"
  quarto render
  echo "report: done: _book/"
else
  echo "report: Quarto is not installed; rendering _site/ with nbconvert and headless Chromium"
  .venv/bin/python scripts/report/render_site.py _site
  node_modules/.bin/tsx scripts/report/pdf.ts _site
  echo "report: done: _site/index.html and _site/report.pdf"
fi
