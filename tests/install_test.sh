#!/usr/bin/env bash
# install_test.sh: liblexcn as a C library a program outside the tree links.
#   make install DESTDIR=$tmp, then consumers built with pkg-config against
#   the installed copy (PKG_CONFIG_SYSROOT_DIR points into $tmp) and run on
#   a bundled seed; the parser-only consumer needs no Xapian or libstdc++;
#   `nm -D` of each shared library lists exactly the LX_EXTERN functions of
#   its public headers.
# Usage: bash tests/install_test.sh [BUILD]   (from the top of the tree)
set -u
BUILD=${1:-build}
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
SEED=corpus/004_174153abbf961c1e.txt

prefix=/usr/local
if ! make -s --no-print-directory install BUILD="$BUILD" PREFIX=$prefix DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1; then
  bad "make install DESTDIR: $(tail -5 "$tmp/install.log")"
  echo "install: $pass passed, $fail failed"; exit 1
fi
root=$tmp/root
lib=$root$prefix/lib
for f in $prefix/bin/lexcn $prefix/include/lexcn/lexcn.h $prefix/include/lexcn/index.h \
         $prefix/lib/liblexcn.so $prefix/lib/liblexcn.a $prefix/lib/liblexcn-index.so \
         $prefix/lib/liblexcn-index.a $prefix/lib/pkgconfig/lexcn.pc \
         $prefix/lib/pkgconfig/lexcn-index.pc $prefix/share/man/man1/lexcn.1 \
         $prefix/share/lexcn/schema/document.schema.json; do
  [ -e "$root$f" ] && ok || bad "make install did not install $f"
done
# Only the public headers are installed.
extra=$(ls "$root$prefix/include/lexcn" | grep -v -x -F -f <(ls include/lexcn))
[ -z "$extra" ] && ok || bad "installed headers that are not public: $extra"
# SONAMEs.
for l in liblexcn liblexcn-index; do
  so=$(readelf -d "$lib/$l.so" 2>/dev/null | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
  [ "$so" = "$l.so.0" ] && ok || bad "$l.so has SONAME '$so', want $l.so.0"
  [ -e "$lib/$so" ] && ok || bad "$l: no $so link installed"
done

export PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_PATH=$lib/pkgconfig
[ "$(pkg-config --modversion lexcn)" = "$(sed -n 's/^#define LX_VERSION_STRING "\(.*\)"/\1/p' include/lexcn/common.h)" ] \
  && ok || bad "pkg-config --modversion lexcn: $(pkg-config --modversion lexcn 2>&1)"

# The parser-only consumer, from a directory outside the tree.
mkdir -p "$tmp/app" && cp tests/consumer/parse_outline.c "$tmp/app/"
if (cd "$tmp/app" && $CC -std=c11 -Wall -Werror parse_outline.c $(pkg-config --cflags --libs lexcn) -o parse_outline) 2>"$tmp/cc.log"; then
  ok
  LD_LIBRARY_PATH=$lib "$tmp/app/parse_outline" "$SEED" >"$tmp/out" 2>"$tmp/err" && ok || bad "parse_outline failed: $(cat "$tmp/err")"
  # Its outline is the CLI's, and the counts are those of the seed.
  "$BUILD/lexcn" parse --format text --quiet "$SEED" >"$tmp/cli.txt" 2>/dev/null
  tail -n +5 "$tmp/out" | cmp -s - "$tmp/cli.txt" && ok || bad "parse_outline's outline differs from lexcn parse --format text"
  grep -qx 'title: 深圳经济特区中小企业发展促进条例' "$tmp/out" && ok || bad "parse_outline: title: $(sed -n 2p "$tmp/out")"
  want=$("$BUILD/lexcn" parse --format jsonl "$SEED" 2>/dev/null | wc -l)
  grep -qx "articles: $want" "$tmp/out" && ok || bad "parse_outline: $(sed -n 3p "$tmp/out"), want $want"
  grep -Eqx 'citations: [1-9][0-9]*' "$tmp/out" && ok || bad "parse_outline found no citations: $(sed -n 4p "$tmp/out")"
  # No Xapian, no C++ runtime: neither needed by the program nor by liblexcn.
  for f in "$tmp/app/parse_outline" "$lib/liblexcn.so"; do
    needed=$(readelf -d "$f" | grep NEEDED)
    echo "$needed" | grep -Eq 'xapian|stdc\+\+|lexcn-index' && bad "$(basename "$f") needs: $needed" || ok
  done
  nm -u "$tmp/app/parse_outline" | grep -qi xapian && bad "parse_outline has Xapian symbols" || ok
else
  bad "cc parse_outline.c \$(pkg-config --cflags --libs lexcn): $(head -20 "$tmp/cc.log")"
fi
# The same program linked statically (pkg-config --static).
if (cd "$tmp/app" && $CC -std=c11 parse_outline.c $(pkg-config --cflags lexcn) \
      -L"$lib" -Wl,-Bstatic -llexcn -Wl,-Bdynamic $(pkg-config --static --libs-only-l lexcn | sed 's/-llexcn//') \
      -o parse_static) 2>"$tmp/cc.log"; then
  "$tmp/app/parse_static" "$SEED" | cmp -s - "$tmp/out" && ok || bad "the static parse_outline prints otherwise"
else
  bad "static link against liblexcn.a: $(head -5 "$tmp/cc.log")"
fi

# The index consumer: liblexcn-index through pkg-config lexcn-index.
if [ -f tests/consumer/search_index.c ]; then
  cp tests/consumer/search_index.c "$tmp/app/"
  if (cd "$tmp/app" && $CC -std=c11 -Wall -Werror search_index.c $(pkg-config --cflags --libs lexcn-index) -o search_index) 2>"$tmp/cc.log"; then
    ok
    LD_LIBRARY_PATH=$lib "$tmp/app/search_index" "$tmp/db" corpus/004_174153abbf961c1e.txt corpus/national-sme-promotion-law-2017.md >"$tmp/sout" 2>"$tmp/serr" \
      && ok || bad "search_index failed: $(cat "$tmp/serr")"
    "$BUILD/lexcn" index --db "$tmp/clidb" corpus/004_174153abbf961c1e.txt corpus/national-sme-promotion-law-2017.md >/dev/null 2>&1
    want=$("$BUILD/lexcn" search --db "$tmp/clidb" --count "融资担保")
    grep -qx "count: $want" "$tmp/sout" && ok || bad "search_index: $(grep count "$tmp/sout"), want $want (lexcn search --count)"
  else
    bad "cc search_index.c \$(pkg-config --cflags --libs lexcn-index): $(head -20 "$tmp/cc.log")"
  fi
fi

# Exported symbols: exactly the LX_EXTERN functions of the public headers.
declared=$(grep -hv '^#' include/lexcn/*.h | tr '\n' ' ' | grep -o 'LX_EXTERN [^(;#]*(' | sed 's/ *($//; s/.*[ *]//' | grep '^lx_' | sort -u)
for l in liblexcn liblexcn-index; do
  exported=$(nm -D --defined-only "$lib/$l.so" | awk '$2 ~ /^[TDBRVWi]$/ {print $3}' | sort -u)
  stray=$(echo "$exported" | grep -v -x -F -f <(echo "$declared"))
  [ -z "$stray" ] && ok || bad "$l.so exports what no header marks LX_EXTERN: $(echo $stray | head -c 400)"
  [ -n "$exported" ] && ok || bad "$l.so exports nothing"
done
all=$( (nm -D --defined-only "$lib/liblexcn.so"; nm -D --defined-only "$lib/liblexcn-index.so") | awk '{print $3}' | sort -u)
missing=$(echo "$declared" | grep -v -x -F -f <(echo "$all"))
[ -z "$missing" ] && ok || bad "declared LX_EXTERN but exported by neither library: $(echo $missing | head -c 400)"
# liblexcn-index adds only index functions; liblexcn none of them.
nm -D --defined-only "$lib/liblexcn.so" | grep -Eq ' (lx_index|lx_search|lx_hits?)_' \
  && bad "liblexcn.so exports index functions" || ok

echo "install: $pass passed, $fail failed"
[ "$fail" = 0 ]
