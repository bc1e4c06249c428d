#!/bin/sh
# serve_definitions.sh LEXCN CORPUS_DIR [SEED]: how many documents of a
# corpus have defined terms (the `definition` rules of
# grammar/citation.grammar, which lexcn serve marks on its document pages),
# and the definitions of 20 of them picked at random (SEED, 20 by
# default) to be read against their text: the figures of README's lexcn
# serve section.
set -eu
lexcn=$1 corpus=$2 seed=${3:-20}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$lexcn" parse --format json "$corpus" >"$out" 2>/dev/null
python3 - "$out" "$seed" <<'PY'
import json, random, sys
docs = json.load(open(sys.argv[1]))
docs = docs if isinstance(docs, list) else [docs]
withd = [d for d in docs if d.get("definitions")]
tot = sum(len(d["definitions"]) for d in withd)
print(f"{len(docs)} documents, {len(withd)} with definitions "
      f"({100 * len(withd) / max(len(docs), 1):.1f}%), {tot} definitions")
random.seed(int(sys.argv[2]))
for d in random.sample(withd, min(20, len(withd))):
    print("==", d.get("id"))
    for df in d["definitions"]:
        print("  ", df["eid"], "|", df["term"], "|", (df["text"] or "")[:70])
PY
