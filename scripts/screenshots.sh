#!/usr/bin/env bash
# Captures every page of the desktop app in Chinese and English under Xvfb (release build), on
# an office laptop screen (1366×768) and on a 1920×1080 screen at 125 % scaling.
# Usage: scripts/screenshots.sh [OUT_DIR] [PROJECT.ron]
# GEP_CALC_BIN=path/to/gep-calc uses an existing build instead of building the release one.
# Needs: xvfb, xdotool, imagemagick (import), Mesa GL (libgl1-mesa-dri).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-screenshots}
PROJECT=${2:-}
mkdir -p "$OUT"
if [ -n "${GEP_CALC_BIN:-}" ]; then
  BIN=$GEP_CALC_BIN
else
  cargo build --release --quiet
  BIN=target/release/gep-calc
fi
# A throwaway settings/recovery folder so screenshots never touch the user's.
export XDG_DATA_HOME; XDG_DATA_HOME=$(mktemp -d)
shot() { # lang page screen scale
  local lang=$1 page=$2 screen=$3 scale=$4
  WINIT_X11_SCALE_FACTOR=$scale xvfb-run -a -s "-screen 0 ${screen}x24" bash -c '
    BIN=$0; LANG_=$1; PAGE=$2; OUTFILE=$3; PROJ=$4
    "$BIN" --lang "$LANG_" app $PROJ --page "$PAGE" & APP=$!
    trap "kill $APP 2>/dev/null || true" EXIT
    for i in $(seq 1 100); do xdotool search --name "gep-calc" >/dev/null 2>&1 && break; sleep 0.2; done
    sleep "${SHOT_DELAY:-2.5}"
    import -window root "$OUTFILE"
  ' "$BIN" "$lang" "$page" "$OUT/${page}_${lang}_${screen}@${scale}.png" "$PROJECT"
}
for cfg in "1366x768 1" "1920x1080 1.25"; do
  read -r screen scale <<<"$cfg"
  for lang in zh en; do
    for page in overview counties land_cover services ecosystems prices results charts map esv compensation scenarios; do
      shot "$lang" "$page" "$screen" "$scale"
      echo "$OUT/${page}_${lang}_${screen}@${scale}.png"
    done
  done
done
