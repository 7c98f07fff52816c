#!/usr/bin/env bash
# Builds hsdis-amd64.so (a HotSpot disassembler plugin on capstone) into jmh/tools/hsdis/build/.
# Needs gcc and the capstone headers (Debian: apt-get install gcc libcapstone-dev).
# Use it by putting its folder on LD_LIBRARY_PATH, for example:
#   LD_LIBRARY_PATH=jmh/tools/hsdis/build java -cp ... org.openjdk.jmh.Main BENCH -prof 'perfasm:events=cpu-clock;intelSyntax=true'
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v gcc >/dev/null || { echo "build.sh: gcc not found (Debian: apt-get install gcc)" >&2; exit 1; }
if ! echo '#include <capstone/capstone.h>' | gcc -E -x c - >/dev/null 2>&1; then
  echo "build.sh: capstone headers not found (Debian: apt-get install libcapstone-dev)" >&2
  exit 1
fi
mkdir -p "$HERE/build"
gcc -O2 -shared -fPIC -Wall -Wextra -o "$HERE/build/hsdis-amd64.so" "$HERE/hsdis-capstone.c" -lcapstone
echo "built $HERE/build/hsdis-amd64.so"
echo "use: LD_LIBRARY_PATH=$HERE/build java ... -XX:+UnlockDiagnosticVMOptions -XX:+PrintAssembly (or JMH -prof perfasm)"
