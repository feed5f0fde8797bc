#!/usr/bin/env bash
# Check every notebook under notebooks/ (NN-*.ipynb), as CI does:
#   1. committed without outputs (no outputs, no execution counts);
#   2. its code imports the public API only: the built package entry "../dist/index.js" (plus node: builtins);
#   3. its code cells, concatenated in order into build/notebooks/NN-*.ts, pass `deno check`;
#   4. it executes top to bottom with `jupyter nbconvert --execute` on Deno's kernel (.jupyter/kernels/deno),
#      the executed copy going to build/notebooks/ (git-ignored).
# Needs: npm run build (dist/), node_modules/.bin/deno, and jupyter-nbconvert + python3-nbclient + jupyter-client (apt).
# Usage: scripts/check-notebooks.sh [notebooks/NN-name.ipynb ...]   (default: all)
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" JUPYTER_PATH="$PWD/.jupyter" DENO_DIR="${DENO_DIR:-$PWD/.deno}" NO_COLOR=1
[ -f dist/index.js ] || { echo "check-notebooks: dist/index.js is missing: run npm run build first"; exit 1; }
command -v jupyter >/dev/null || { echo "check-notebooks: jupyter is missing: apt-get install jupyter-nbconvert python3-nbclient jupyter-client"; exit 1; }
command -v deno >/dev/null || { echo "check-notebooks: deno is missing: npm ci installs it (devDependency)"; exit 1; }
mkdir -p build/notebooks
if [ "$#" -gt 0 ]; then notebooks=("$@"); else notebooks=(notebooks/[0-9][0-9]-*.ipynb); fi
failed=0
for nb in "${notebooks[@]}"; do
  name=$(basename "$nb" .ipynb)
  echo "== $name"
  # 1 + 2 + extraction: the notebook is JSON; Python reads it (nbformat 4: cells[].source is a list of lines)
  if ! python3 - "$nb" "build/notebooks/$name.ts" <<'PY'
import json, re, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
problems = []
code = []
for i, c in enumerate(nb["cells"]):
    if c["cell_type"] != "code":
        continue
    if c.get("outputs") or c.get("execution_count") is not None:
        problems.append(f"cell {i} has outputs or an execution count: strip them before committing")
    src = "".join(c["source"])
    for spec in re.findall(r'''(?:from|import)\s*\(?\s*["']([^"']+)["']''', src):
        if spec != "../dist/index.js" and not spec.startswith("node:"):
            problems.append(f'cell {i} imports "{spec}": notebooks use the public API only ("../dist/index.js")')
    code.append(f"// cell {i}\n{src}\n")
for p in problems:
    print(f"{sys.argv[1]}: {p}")
# the extracted file sits one folder deeper than the notebook: point its import at the same dist/
text = "\n".join(code).replace('"../dist/index.js"', '"../../dist/index.js"')
open(sys.argv[2], "w", encoding="utf-8").write("// extracted by scripts/check-notebooks.sh; do not edit\n" + text + "\nexport {};\n")
sys.exit(1 if problems else 0)
PY
  then failed=1; fi
  deno check --quiet --unstable-sloppy-imports "build/notebooks/$name.ts" || { echo "$nb: deno check failed"; failed=1; }
  jupyter nbconvert --to notebook --execute "$nb" --output-dir build/notebooks --ExecutePreprocessor.timeout=600 --log-level=WARN || { echo "$nb: execution failed"; failed=1; }
done
[ "$failed" -eq 0 ] && echo "check-notebooks: ${#notebooks[@]} notebook(s) ok"
exit "$failed"
