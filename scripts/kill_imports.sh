#!/usr/bin/env bash
# Hardening check (not run by CI): `kill -9` at random moments of `gep-calc import --into` on a
# large project, and pairs of imports into one project at once.
#
#   scripts/kill_imports.sh GEP_CALC PROJECT.ron [KILLS] [PAIRS]
#
# PROJECT.ron: a large project, e.g. `cargo run --example synth -- 500 big.ron`.
# After each kill: the project must be byte for byte its old or its new content, no temp file
# may remain after the next open (`validate`), and the `.bak` must parse or be absent.
# Each pair imports two CSVs changing two different counties at the same moment: both changes
# must land, or the refused one must say so (exit 2 with the lock message); never one lost.
# Prints a summary line per part; exit 1 when any check failed. Works in a scratch folder.
set -u
BIN=$(realpath "$1")
SRC=$(realpath "$2")
KILLS=${3:-200}
PAIRS=${4:-50}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

codes=$(grep -o 'code: "[0-9]*"' "$SRC" | sed 's/code: "\(.*\)"/\1/' | sort -u)
first=$(echo "$codes" | sed -n 1p)
second=$(echo "$codes" | sed -n 2p)
year=$(grep -o 'year: [0-9]*' "$SRC" | sed 's/year: //' | sort -n | tail -1)
head="行政区划代码,年份,常住人口（万人）"

# The import of the kill part changes every county's population.
{
  echo "$head"
  i=0
  for c in $codes; do
    i=$((i + 1))
    echo "$c,$year,$((10 + i % 50)).5"
  done
} >all.csv

cp "$SRC" old.ron
cp "$SRC" P.ron
start=$(date +%s.%N)
"$BIN" import all.csv --into P.ron >/dev/null 2>err.txt || { cat err.txt; exit 1; }
span=$(echo "$(date +%s.%N) - $start" | bc)
cp P.ron new.ron
rm -f P.ron P.ron.bak
cmp -s old.ron new.ron && { echo "the import changes nothing: no test"; exit 1; }
echo "one import of $(echo "$codes" | wc -l) counties takes ${span} s"

old=0 new=0 bad=0 temps_left=0 bak_bad=0 bak_none=0 temps_seen=0
for k in $(seq 1 "$KILLS"); do
  cp old.ron P.ron
  # A moment from 0 to 1.1 × an uninterrupted import; every other kill in its last 30 %, where
  # the project is written (reading and checking take most of an import).
  lo=0
  [ $((k % 2)) -eq 0 ] && lo=0.8
  wait_s=$(awk -v s="$span" -v lo="$lo" -v r="$RANDOM" 'BEGIN { printf "%.3f", s * (lo + (1.1 - lo) * r / 32768) }')
  "$BIN" import all.csv --into P.ron >/dev/null 2>&1 &
  pid=$!
  sleep "$wait_s"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if cmp -s P.ron old.ron; then
    old=$((old + 1))
  elif cmp -s P.ron new.ron; then
    new=$((new + 1))
  else
    bad=$((bad + 1))
    echo "kill $k at ${wait_s} s: the project is neither old nor new"
  fi
  n=$(find . -maxdepth 1 -name '.P.ron.*.tmp' | wc -l)
  [ "$n" -gt 0 ] && temps_seen=$((temps_seen + 1))
  # The next open.
  "$BIN" validate P.ron >/dev/null 2>&1
  n=$(find . -maxdepth 1 -name '.P.ron.*.tmp' | wc -l)
  if [ "$n" -gt 0 ]; then
    temps_left=$((temps_left + 1))
    echo "kill $k: $n temp file(s) left after the next open"
  fi
  if [ -e P.ron.bak ]; then
    "$BIN" validate P.ron.bak >/dev/null 2>&1
    rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
      bak_bad=$((bak_bad + 1))
      echo "kill $k: P.ron.bak does not parse"
    fi
  else
    bak_none=$((bak_none + 1))
  fi
done
echo "kills: $KILLS; project old: $old, new: $new, neither: $bad; temp files seen after a kill: $temps_seen, left after the next open: $temps_left; .bak absent: $bak_none, not parsing: $bak_bad"
fail=$((bad + temps_left + bak_bad))

# Two imports at once.
pair_csv() { printf '%s\n%s,%s,%s\n' "$head" "$1" "$year" "$2" >"$3"; }
both=0 refused=0 lost=0
for r in $(seq 1 "$PAIRS"); do
  cp old.ron P.ron
  a=$((100 + r)).25
  b=$((200 + r)).75
  pair_csv "$first" "$a" a.csv
  pair_csv "$second" "$b" b.csv
  "$BIN" --lang en import a.csv --into P.ron >/dev/null 2>ea.txt &
  pa=$!
  "$BIN" --lang en import b.csv --into P.ron >/dev/null 2>eb.txt &
  pb=$!
  wait "$pa"
  ra=$?
  wait "$pb"
  rb=$?
  ok=1
  # Population is stored in persons: 101.25 万人 = 1012500.
  has() { grep -A4 "\"$1\": (" P.ron | grep -q "population: $(awk -v v="$2" 'BEGIN { printf "%.1f", v * 10000 }')"; }
  for side in a b; do
    if [ "$side" = a ]; then rc=$ra code=$first v=$a e=ea.txt; else rc=$rb code=$second v=$b e=eb.txt; fi
    if [ "$rc" -eq 0 ]; then
      has "$code" "$v" || { ok=0; lost=$((lost + 1)); echo "pair $r: import $side said done but its change is missing"; }
    elif grep -qi "lock\|being written\|another" "$e"; then
      refused=$((refused + 1))
    else
      ok=0
      lost=$((lost + 1))
      echo "pair $r: import $side failed without a clear message: $(head -c 300 "$e")"
    fi
  done
  [ "$ok" -eq 1 ] && [ "$ra" -eq 0 ] && [ "$rb" -eq 0 ] && both=$((both + 1))
done
echo "pairs: $PAIRS; both landed: $both; refused with a clear message: $refused; lost silently or unclear: $lost"
fail=$((fail + lost))
[ "$fail" -eq 0 ]
