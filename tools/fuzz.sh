#!/usr/bin/env bash
# Run one libFuzzer target: its regression inputs first, then fuzzing for
# SECONDS, seeded with its kept corpus (fuzz/corpus/NAME.tar.xz), its seeds
# and a working corpus under BUILD.  With KEEP=1 what the run found is
# merged (minimised, -merge=1) back into fuzz/corpus/NAME.tar.xz: the
# inputs that add coverage beyond the seeds, which the repository holds
# already.
#
#   tools/fuzz.sh BUILD/fuzz/fuzz_NAME SECONDS BUILD
#
# Exit 0 when the target ran its time without a finding; 1 otherwise, with
# the tail of its log and the crash input's path.  One line of figures
# (executions, executions per second, peak memory, corpus size) per target.
set -u
t=$1 seconds=$2 build=$3 keep=${KEEP:-0}
name=$(basename "$t")
case $name in
  fuzz_grammar) seeds="grammar"; dict=fuzz/grammar.dict;;
  fuzz_query) seeds="fuzz/seeds/query"; dict=fuzz/statute.dict;;
  fuzz_pdf) seeds="tests/data/pdf"; dict=fuzz/statute.dict;;
  fuzz_ofd) seeds="fuzz/seeds/ofd"; dict=fuzz/statute.dict;;
  fuzz_docx) seeds="fuzz/seeds/docx"; dict=fuzz/statute.dict;;
  fuzz_html) seeds="tests/data/html tests/bad"; dict=fuzz/statute.dict;;
  *) seeds="corpus tests/golden tests/bad"; dict=fuzz/statute.dict;;
esac
work=$build/corpus-$name log=$build/$name.log
archive=fuzz/corpus/$name.tar.xz kept=$build/kept-$name
mkdir -p "$work"
rm -rf "$kept" && mkdir -p "$kept"
if [ -f "$archive" ]; then
  tar -xJf "$archive" -C "$kept" ||
    { echo "fuzz: $name: cannot read $archive"; exit 1; }
fi

if [ -d "fuzz/regressions/$name" ]; then
  "$t" fuzz/regressions/"$name"/* >"$log" 2>&1 ||
    { tail -40 "$log"; echo "fuzz: $name fails on a regression input"; exit 1; }
fi
# shellcheck disable=SC2086  # $seeds is a list of directories
"$t" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
  -dict="$dict" -artifact_prefix="$build/crash-$name-" -print_final_stats=1 \
  "$work" "$kept" $seeds 2>"$log" ||
  { tail -40 "$log"; echo "fuzz: $name FAILED after $seconds s or less (input in $build/crash-$name-*)"; exit 1; }
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
kept_n=""
if [ "$keep" = 1 ]; then
  # Merge into a copy of the seeds: what is added beyond them is kept.
  m=$build/merge-$name
  rm -rf "$m" && mkdir -p "$m"
  # shellcheck disable=SC2086
  find $seeds -type f -exec cp {} "$m/" \; 2>/dev/null
  ls "$m" | sort >"$m.seeds"
  "$t" -merge=1 -max_len=65536 -timeout=20 -rss_limit_mb=4096 "$m" "$kept" "$work" >>"$log" 2>&1 ||
    { tail -20 "$log"; echo "fuzz: $name: merging the corpus failed"; exit 1; }
  ls "$m" | sort | comm -13 "$m.seeds" - >"$m.new"
  mkdir -p fuzz/corpus
  tar -cJf "$archive.part" -C "$m" -T "$m.new" && mv "$archive.part" "$archive" ||
    { echo "fuzz: $name: cannot write $archive"; exit 1; }
  kept_n=", kept corpus $(wc -l <"$m.new") inputs ($(du -k "$archive" | cut -f1) KB in $archive)"
fi
echo "fuzz: $name ran $seconds s: ${execs:-?} executions ($(( ${execs:-0} / (seconds > 0 ? seconds : 1) ))/s), peak ${rss:-?} MB, working corpus $(ls "$work" | wc -l) inputs$kept_n, $(ls "fuzz/regressions/$name" 2>/dev/null | wc -l) regression inputs"
