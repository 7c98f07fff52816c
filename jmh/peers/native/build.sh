#!/usr/bin/env bash
# Builds the native OpenBLAS harness (jmh/peers/native/peers_native) with gcc -O3 -march=native.
# Needs libopenblas-dev (jmh/peers/ensure-openblas.sh installs it). Prints the binary's path.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$HERE/../target/native}"
mkdir -p "$OUT"
CC="${CC:-gcc}"
INC=""
for dir in /usr/include/x86_64-linux-gnu/openblas-pthread /usr/include/openblas /usr/include/x86_64-linux-gnu; do
  if [[ -f "$dir/cblas.h" ]]; then INC="-I$dir"; break; fi
done
# shellcheck disable=SC2086
"$CC" -O3 -march=native -std=c11 -D_POSIX_C_SOURCE=200809L -Wall $INC -o "$OUT/peers_native" \
  "$HERE/peers_native.c" -lopenblas -lm
echo "$OUT/peers_native"
