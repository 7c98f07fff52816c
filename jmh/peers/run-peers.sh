#!/usr/bin/env bash
# simd-sgd against its peers and against this machine's measured roofline, in one JMH run:
# builds this module (and the library if it is not installed), finds or installs libopenblas,
# runs the JMH peer + roofline benchmarks, then the native OpenBLAS C harness right after, then the
# SGD-epoch loss evaluation, writes JSON + environment into a results folder and generates
# PEERS.md with its charts there. `jmh/peers/run-peers.sh --help` lists the options.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

usage() {
  cat <<'USAGE'
Usage: jmh/peers/run-peers.sh [options]

Modes:
  (none)            every size, 3 forks (the issue asks for medians of >= 3 forks); about 30 min
                    on 2 cores
  --quick           smoke: fewer sizes, 1 fork, short iterations; about 4 min. Numbers only show
                    that everything runs.

Options:
  --out DIR         results folder (default: results/peers/<date>-<cpu>[-quick]); PEERS.md,
                    roofline.png and peers.png are written into it
  --forks N         JMH forks (overrides the mode's count)
  --epochs E        epochs of the loss evaluation (default 3; quick 1)
  --include REGEX   only JMH benchmarks matching REGEX (e.g. 'PeerDot|Roofline')
  --jmh-args ARGS   extra JMH arguments, as they are (e.g. '-p n=4096')
  --no-native       skip OpenBLAS (JNI peer and C harness) even when present
  --no-build        use the jars already built
  --no-report       do not run the report generator
  -h, --help        this text
USAGE
}
die() { echo "run-peers.sh: error: $*" >&2; exit 1; }

COMMAND="jmh/peers/run-peers.sh"
[[ $# -eq 0 ]] || COMMAND="$COMMAND$(printf ' %q' "$@")"
MODE=default; OUT=""; FORKS=""; EPOCHS=""; INCLUDE=""; JMH_EXTRA=""; NATIVE=1; BUILD=1; REPORT=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) MODE=quick ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a directory"; OUT="$2"; shift ;;
    --out=*) OUT="${1#*=}" ;;
    --forks) [[ $# -ge 2 ]] || die "--forks needs a number"; FORKS="$2"; shift ;;
    --forks=*) FORKS="${1#*=}" ;;
    --epochs) [[ $# -ge 2 ]] || die "--epochs needs a number"; EPOCHS="$2"; shift ;;
    --epochs=*) EPOCHS="${1#*=}" ;;
    --include) [[ $# -ge 2 ]] || die "--include needs a REGEX"; INCLUDE="$2"; shift ;;
    --include=*) INCLUDE="${1#*=}" ;;
    --jmh-args) [[ $# -ge 2 ]] || die "--jmh-args needs a value"; JMH_EXTRA="$2"; shift ;;
    --jmh-args=*) JMH_EXTRA="${1#*=}" ;;
    --no-native) NATIVE=0 ;;
    --no-build) BUILD=0 ;;
    --no-report) REPORT=0 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
[[ -z "$FORKS" || "$FORKS" =~ ^[1-9][0-9]*$ ]] || die "--forks must be a positive integer, was '$FORKS'"
[[ -z "$EPOCHS" || "$EPOCHS" =~ ^[1-9][0-9]*$ ]] || die "--epochs must be a positive integer, was '$EPOCHS'"

# ---- JDK 25+, found as the build finds it ------------------------------------------------------
# shellcheck source=../../bin/find-jdk25.sh
source "$ROOT/bin/find-jdk25.sh"
JDK="$(find_jdk25)"
[[ -n "$JDK" ]] || die "no JDK 25 or newer found (JAVA_HOME, /usr/lib/jvm, ...): install Temurin 25 or openjdk-25-jdk"
JAVA="$JDK/bin/java"
CP="$HERE/target/simd-sgd-jmh-peers.jar:$HERE/target/lib/*"
VM_FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
# JMH_IGNORE_LOCK=1 lets this run while another JMH run holds /tmp/jmh.lock (timings then share
# the CPU: use it for trials only).
JMH_HOST_FLAGS=()
[[ "${JMH_IGNORE_LOCK:-0}" != 1 ]] || JMH_HOST_FLAGS=(-Djmh.ignoreLock=true)

# ---- build ---------------------------------------------------------------------------------------
if [[ "$BUILD" == 1 ]]; then
  if [[ ! -d "$HOME/.m2/repository/dev/simdsgd/simd-sgd/0.1.0-SNAPSHOT" ]]; then
    echo "== building and installing the simd-sgd library (./mvnw -DskipTests install)"
    (cd "$ROOT" && ./mvnw -q -B -ntp -DskipTests install) || die "building the library failed"
  fi
  echo "== building the peers module (./mvnw -f jmh/peers/pom.xml package)"
  (cd "$ROOT" && ./mvnw -q -B -ntp -f jmh/peers/pom.xml package) || die "building jmh/peers failed"
fi
[[ -f "$HERE/target/simd-sgd-jmh-peers.jar" ]] || die "jmh/peers/target/simd-sgd-jmh-peers.jar is missing: run without --no-build"

# ---- OpenBLAS ------------------------------------------------------------------------------------
OPENBLAS=0
if [[ "$NATIVE" == 1 ]]; then
  if "$HERE/ensure-openblas.sh"; then OPENBLAS=1; fi
else
  echo "== openblas: skipped (--no-native)"
fi
NATIVE_BIN=""
if [[ "$OPENBLAS" == 1 ]]; then
  echo "== building the native harness (gcc -O3 -march=native, -lopenblas)"
  if NATIVE_BIN="$("$HERE/native/build.sh" "$HERE/target/native")"; then :; else
    echo "== native harness: build FAILED, the C OpenBLAS figures will be missing"; NATIVE_BIN=""
  fi
fi

# ---- results folder ------------------------------------------------------------------------------
# The CPU's model name plus family and model ("amd-epyc-f26m2"): a VM can show two CPUs under one name.
CPU_SLUG="$("$JAVA" -cp "$CP" dev.simdsgd.machine.CpuInfo)" || die "the CPU probe failed: $JAVA -cp $CP dev.simdsgd.machine.CpuInfo"
if [[ -z "$OUT" ]]; then
  OUT="$ROOT/results/peers/$(date -u +%Y-%m-%d)-$CPU_SLUG"
  [[ "$MODE" != quick ]] || OUT="$OUT-quick"
fi
mkdir -p "$OUT" || die "cannot create $OUT"
OUT="$(cd "$OUT" && pwd)"
echo "== results: $OUT"
STARTED="$(date -u +%FT%TZ)"
{ echo "# started $STARTED, mode $MODE, JDK $JDK"; echo "$COMMAND"; } >"$OUT/commands.txt"
"$JAVA" "${VM_FLAGS[@]}" -cp "$CP" dev.simdsgd.peers.PeersEnv "$OUT/env-peers.json" 2>/dev/null \
  || die "the environment probe failed: $JAVA ${VM_FLAGS[*]} -cp $CP dev.simdsgd.peers.PeersEnv"
lscpu >"$OUT/lscpu.txt" 2>/dev/null || true
grep -E '"(luceneVectorizationLog|netlibJava|netlibNative)"' -A1 "$OUT/env-peers.json" | grep -v '^--' | sed 's/^/   /'

# ---- JMH: peers + roofline in one run -------------------------------------------------------------
IMPLS="ours,lucene,netlibJava"; METHODS="ours,netlibJava"
if [[ "$OPENBLAS" == 1 ]]; then IMPLS="$IMPLS,openblasJni"; METHODS="$METHODS,openblasJni"; fi
REGEX="${INCLUDE:-dev\.simdsgd\.peers\.(PeerDotBench|PeerBatchGradientBench|PeerEpochBench|EpochFloorBench|BatchFloorBench|RooflineBench|FmaBench|LatencyBench)\.}"
ARGS=("$REGEX" -p "impl=$IMPLS" -p "method=$METHODS" -foe true -prof gc -jvm "$JAVA"
      -rf json -rff "$OUT/peers-jmh.json")
if [[ "$MODE" == quick ]]; then
  # Warm-up still >= 3 s: C2 needs that long to compile the big vector kernels on a busy 2-core box.
  ARGS+=(-p n=256,1024,4096 -p m=16,64 -p d=64,1024 -f "${FORKS:-1}" -wi 3 -w 1s -i 3 -r 300ms)
  EST="5 min"
else
  # Class defaults: 3 forks; kernels 3 x 0.5 s warm-up + 5 x 0.5 s, epochs 2 x 2 s + 3 x 2 s.
  [[ -z "$FORKS" ]] || ARGS+=(-f "$FORKS")
  EST="30 min"
fi
# shellcheck disable=SC2206
[[ -z "$JMH_EXTRA" ]] || ARGS+=($JMH_EXTRA)
echo "== [1/4] JMH peers + roofline (openblas JNI: $([[ $OPENBLAS == 1 ]] && echo on || echo off)), about $EST (done about $(date -u -d "+${EST% min} minutes" +%H:%M) UTC)"
printf '%q ' "$JAVA" -cp "$CP" org.openjdk.jmh.Main "${ARGS[@]}" >>"$OUT/commands.txt"; echo >>"$OUT/commands.txt"
set +e
"$JAVA" "${JMH_HOST_FLAGS[@]}" -cp "$CP" org.openjdk.jmh.Main "${ARGS[@]}" 2>&1 | tee "$OUT/jmh-peers.txt" \
  | grep --line-buffered -E '^# (Benchmark|Parameters|Fork|Run progress)|^INFO: Java vector|Exception|Error' 
status=${PIPESTATUS[0]}
set -e
[[ "$status" == 0 ]] || die "JMH failed (exit $status); its output is in $OUT/jmh-peers.txt"
grep -m1 'Java vector incubator API' "$OUT/jmh-peers.txt" | sed 's/^/== lucene (in the forks): /' || echo "== lucene: its Panama log line did not appear in the forks' output"

# ---- native OpenBLAS right after --------------------------------------------------------------------
if [[ -n "$NATIVE_BIN" ]]; then
  echo "== [2/4] native OpenBLAS harness (C, no JNI), right after the JMH run"
  echo "$NATIVE_BIN $([[ $MODE == quick ]] && echo --quick)" >>"$OUT/commands.txt"
  OPENBLAS_NUM_THREADS=1 "$NATIVE_BIN" $([[ $MODE == quick ]] && echo --quick) >"$OUT/native.json" \
    || { echo "== native harness FAILED"; rm -f "$OUT/native.json"; }
else
  echo "== [2/4] native OpenBLAS harness: skipped (OpenBLAS absent or not built)"
  rm -f "$OUT/native.json"
fi

# ---- loss after the same number of epochs ---------------------------------------------------------
if [[ -z "$EPOCHS" ]]; then EPOCHS=3; [[ "$MODE" != quick ]] || EPOCHS=1; fi
echo "== [3/4] SGD epoch loss: every trainer, $EPOCHS epoch(s) from zero"
echo "$JAVA ${VM_FLAGS[*]} -Xmx4g -cp $CP dev.simdsgd.peers.LossEval $OUT/loss.json $EPOCHS" >>"$OUT/commands.txt"
"$JAVA" "${VM_FLAGS[@]}" -Xms4g -Xmx4g -cp "$CP" dev.simdsgd.peers.LossEval "$OUT/loss.json" "$EPOCHS" 2>&1 \
  | grep -v -E '^WARNING|^[A-Z][a-z]{2} [0-9]+, [0-9]{4}|^INFO' || die "the loss evaluation failed"

# ---- the generated code: what C2 failed to inline inside our kernels ----------------------------------
echo "== [4/4] C2 inlining diagnosis of our kernels (one short fork, -XX:+PrintInlining)"
DIAG=("dev\\.simdsgd\\.peers\\.(PeerBatchGradientBench|PeerDotBench)\\." -p impl=ours -p method=ours -p n=1024
      -p m=64 -p d=256 -p data=hot -f 1 -wi 4 -w 1s -i 1 -r 500ms -jvm "$JAVA"
      -jvmArgsAppend "--add-modules=jdk.incubator.vector -XX:+UnlockDiagnosticVMOptions -XX:+PrintCompilation -XX:+PrintInlining")
printf '%q ' "$JAVA" -cp "$CP" org.openjdk.jmh.Main "${DIAG[@]}" >>"$OUT/commands.txt"; echo >>"$OUT/commands.txt"
if "$JAVA" "${JMH_HOST_FLAGS[@]}" -cp "$CP" org.openjdk.jmh.Main "${DIAG[@]}" >"$OUT/inlining-log.txt" 2>&1; then
  grep -E 'dev\.simdsgd\.kernel\.Vector[0-9]+Kernels::[A-Za-z]+ .*failed to inline' "$OUT/inlining-log.txt" \
    | perl -pe 's/^[^@]*@\s+\d+\s+//; s/(failed to inline: .+?)(?= failed to inline| callee changed|\s*$).*/$1/; s/[ \t]+/ /g; s/\s*$/\n/' \
    | sort | uniq -c | sort -rn >"$OUT/inlining-summary.txt" || true
  gzip -f "$OUT/inlining-log.txt"
  if [[ -s "$OUT/inlining-summary.txt" ]]; then sed 's/^/   /' "$OUT/inlining-summary.txt"; else echo "   no inlining failure inside our kernels"; fi
else
  echo "== inlining diagnosis FAILED (see $OUT/inlining-log.txt)"
fi

cat >"$OUT/run.json" <<JSON
{
  "mode": "$MODE",
  "openblas": $([[ $OPENBLAS == 1 ]] && echo true || echo false),
  "started": "$STARTED",
  "finished": "$(date -u +%FT%TZ)",
  "epochs": $EPOCHS
}
JSON
echo "== benchmarks done; results in $OUT"

if [[ "$REPORT" == 1 ]]; then
  "$JAVA" -Djava.awt.headless=true -cp "$CP" dev.simdsgd.peers.report.PeersReport "$OUT" \
    || die "the report generator failed: $JAVA -cp '$CP' dev.simdsgd.peers.report.PeersReport $OUT"
  echo "== report: $OUT/PEERS.md"
fi
