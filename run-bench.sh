#!/usr/bin/env bash
# Build simd-sgd and its JMH suite, run the benchmarks, write results/<date>-<cpu>/ and regenerate
# results/REPORT.md with its charts. `./run-bench.sh --help` lists the options.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")" && pwd)"
cd "$ROOT"

usage() {
  cat <<'EOF'
Usage: ./run-bench.sh [options]

Builds the library and the JMH suite, runs the benchmarks, writes results/<date>-<cpu>/ (JMH JSON
per benchmark group, env.json, the exact commands) and regenerates results/REPORT.md with charts.

Modes (pick one; the default subset is the middle one):
  (none)            representative subset: every width, a few n, d and batch sizes,
                    2 forks; about 10 minutes on 2 cores
  --quick           smoke pass: a few sizes, 1 fork, tiny iterations; about 1 minute
  --full            whole sweep (every n, d, batch size and width), 3 forks; about 100 minutes
                    on 2 cores (estimate printed before each group)

Options:
  --include REGEX   run only benchmarks whose name matches REGEX (JMH regex, e.g. 'Dot|Batch')
  --hw MODE         emulate a narrower CPU through JVM flags given to every fork:
                      native  (default) what the CPU and JVM offer
                      avx2    -XX:UseAVX=2         (256-bit preferred width, FMA kept)
                      128     -XX:MaxVectorSize=16 (128-bit preferred width, FMA kept)
                      nofma   -XX:UseAVX=0         (SSE only: 128-bit, no FMA)
  --forks N         JMH forks per configuration (overrides the mode's count)
  --out DIR         results root (default: results/); REPORT.md is regenerated there
  --name NAME       run folder name (default: <date>-<cpu>[-quick][-hw-MODE]); reusing a folder
                    merges: groups run again replace their JSON, other groups stay
  --jmh-args ARGS   extra arguments passed to JMH as they are (e.g. '-p d=1024': JMH adds
                    those values to the mode's own list; time estimates ignore them)
  --no-build        use the jars already built (target/ and jmh/target/)
  --no-report       do not regenerate REPORT.md
  --dry-run         print the plan (groups, configurations, time estimates) and run nothing
  --peers           also run jmh/peers/run-peers.sh into <run folder>/peers: our kernels against
                    Lucene, netlib BLAS (Java/Vector and OpenBLAS via JNI), a native OpenBLAS C
                    harness, Smile and Tribuo, plus the measured bandwidth/FMA roofline; finds or
                    installs libopenblas (apt-get) and says clearly when it is absent. Adds about
                    30 min (5 min with --quick). REPORT.md then gains the peers table and chart.
  -h, --help        this text

Needs a JDK 25 or newer: JAVA_HOME if it is one, else the java on the PATH if it is one, else the
newest under /usr/lib/jvm, /usr/java, /opt/java, ~/.sdkman or ~/.jdks (the build finds it the
same way). Maven is fetched by ./mvnw.
EOF
}

die() {
  echo "run-bench.sh: error: $*" >&2
  exit 1
}

RUN_BENCH_COMMAND="./run-bench.sh"
[[ $# -eq 0 ]] || RUN_BENCH_COMMAND="$RUN_BENCH_COMMAND$(printf ' %q' "$@")"
MODE=default
INCLUDE=""
HW=native
FORKS=""
OUT="$ROOT/results"
NAME=""
JMH_EXTRA=""
BUILD=1
REPORT=1
DRY_RUN=0
PEERS=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) MODE=quick ;;
    --full) MODE=full ;;
    --default) MODE=default ;;
    --include) [[ $# -ge 2 ]] || die "--include needs a REGEX"; INCLUDE="$2"; shift ;;
    --include=*) INCLUDE="${1#*=}" ;;
    --hw) [[ $# -ge 2 ]] || die "--hw needs avx2, 128, nofma or native"; HW="$2"; shift ;;
    --hw=*) HW="${1#*=}" ;;
    --forks) [[ $# -ge 2 ]] || die "--forks needs a number"; FORKS="$2"; shift ;;
    --forks=*) FORKS="${1#*=}" ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a directory"; OUT="$2"; shift ;;
    --out=*) OUT="${1#*=}" ;;
    --name) [[ $# -ge 2 ]] || die "--name needs a folder name"; NAME="$2"; shift ;;
    --name=*) NAME="${1#*=}" ;;
    --jmh-args) [[ $# -ge 2 ]] || die "--jmh-args needs a value"; JMH_EXTRA="$2"; shift ;;
    --jmh-args=*) JMH_EXTRA="${1#*=}" ;;
    --no-build) BUILD=0 ;;
    --no-report) REPORT=0 ;;
    --dry-run) DRY_RUN=1 ;;
    --peers) PEERS=1 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

case "$HW" in
  native) HW_FLAGS="" ;;
  avx2) HW_FLAGS="-XX:UseAVX=2" ;;
  128) HW_FLAGS="-XX:MaxVectorSize=16" ;;
  nofma) HW_FLAGS="-XX:UseAVX=0" ;;
  *) die "--hw must be native, avx2, 128 or nofma, was '$HW'" ;;
esac
if [[ -n "$FORKS" && ! "$FORKS" =~ ^[1-9][0-9]*$ ]]; then
  die "--forks must be a positive integer, was '$FORKS'"
fi
[[ "$NAME" != */* ]] || die "--name must be a plain folder name, was '$NAME'"

# ---- JDK 25+, found as the build finds it -------------------------------------------------------
# shellcheck source=bin/find-jdk25.sh
source "$ROOT/bin/find-jdk25.sh"
JDK="$(find_jdk25)"
[[ -n "$JDK" ]] || die "no JDK 25 or newer found (JAVA_HOME, /usr/lib/jvm, /usr/java, /opt/java, ~/.sdkman, ~/.jdks): install one, e.g. Temurin 25 or Debian's openjdk-25-jdk"
JAVA="$JDK/bin/java"

JAR="$ROOT/jmh/target/benchmarks.jar"
if [[ "$BUILD" == 1 ]]; then
  echo "== building simd-sgd (./mvnw install, tests skipped) and the JMH suite"
  ./mvnw -q -B -ntp -DskipTests install || die "building the library failed (./mvnw -DskipTests install)"
  ./mvnw -q -B -ntp -f jmh/pom.xml package || die "building the JMH suite failed (./mvnw -f jmh/pom.xml package)"
fi
[[ -f "$JAR" ]] || die "$JAR is missing: run without --no-build"

# ---- what this JVM (with the --hw flags) runs natively -------------------------------------------
# shellcheck disable=SC2086
probe() { "$JAVA" --add-modules jdk.incubator.vector $HW_FLAGS -cp "$JAR" dev.simdsgd.bench.EnvProbe "$@" 2>/dev/null; }
WIDTHS="$(probe --widths)" || die "the environment probe failed: $JAVA --add-modules jdk.incubator.vector $HW_FLAGS -cp $JAR dev.simdsgd.bench.EnvProbe"
CPU_SLUG="$(probe --slug)" || die "the environment probe failed"
SKIPPED=""
for w in scalar 128 256 512 preferred; do
  [[ ",$WIDTHS," == *",$w,"* ]] || SKIPPED="$SKIPPED $w"
done

# ---- the plan: parameters and iterations per mode -------------------------------------------------
# Group table: name|JMH class|benchmark method|extra params (mode-specific, set below)
# Iterations: forks|warmup iterations|warmup time|measurement iterations|measurement time
case "$MODE" in
  quick)
    P_DOT="n=4096"; P_EX="d=256"; P_XSTEP="d=128"; P_BATCH="batchSize=1,64 d=256"; P_STEP="batchSize=32"; P_EPOCH="batchSize=512"
    IT_KERNEL="1 2 200ms 3 100ms"; IT_EPOCH="1 2 200ms 3 100ms" ;;
  default)
    P_DOT="n=64,4096,1048576"; P_EX="d=64,256"; P_XSTEP="d=64,128,1024"; P_BATCH="batchSize=1,8,64,512 d=64,256"
    P_STEP="batchSize=1,32,512"; P_EPOCH="batchSize=1,32,512"
    IT_KERNEL="2 3 300ms 3 300ms"; IT_EPOCH="2 2 500ms 3 500ms" ;;
  full)
    P_DOT="n=16,64,256,1024,4096,65536,1048576"; P_EX="d=16,64,256,1024"; P_XSTEP="d=64,128,256,1024"
    P_BATCH="batchSize=1,2,4,8,16,32,64,128,256,512,1024 d=16,64,256,1024"
    P_STEP="batchSize=1,4,16,64,256,1024"; P_EPOCH="batchSize=1,8,32,128,512"
    # 345 kernel configurations x 3 forks x (1.5 + 1.2 + 2.0 s) + 25 epoch configurations x 3 forks
    # x (1.5 + 2 + 4 s): about 91 minutes on 2 cores (each group prints its own estimate).
    IT_KERNEL="3 3 400ms 5 400ms"; IT_EPOCH="3 2 1s 4 1s" ;;
esac
GROUPS_TABLE=(
  "dot|DotBench|dot|$P_DOT|kernel"
  "example-gradient|ExampleGradientBench|logisticGradient|$P_EX|kernel"
  "example-step|ExampleStepBench|step|$P_XSTEP form=fused,two-calls,pipelined|kernel"
  "batch-gradient|BatchGradientBench|logisticBatchGradient|$P_BATCH|kernel"
  "sgd-step|SgdStepBench|step|$P_STEP|kernel"
  "sgd-epoch|SgdEpochBench|epoch|$P_EPOCH|epoch"
  "denormal|DenormalBench|dot||kernel"
  "memory-bandwidth|MemoryBandwidthBench|read||roofline"
)

# Which groups the --include regex selects (asks JMH itself, so the regex means what it means there).
if [[ -n "$INCLUDE" ]]; then
  MATCHED="$("$JAVA" -jar "$JAR" -l "$INCLUDE" 2>/dev/null | grep '^dev\.simdsgd\.' || true)"
  [[ -n "$MATCHED" ]] || die "--include '$INCLUDE' matches no benchmark (list them: $JAVA -jar $JAR -l)"
else
  MATCHED="$("$JAVA" -jar "$JAR" -l 2>/dev/null | grep '^dev\.simdsgd\.' || true)"
fi

to_seconds() { # 500ms | 1s -> seconds (float)
  case "$1" in
    *ms) awk -v v="${1%ms}" 'BEGIN { print v / 1000 }' ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
# Per fork: JVM start, data setup and JMH's own pauses (about 1 s; 1.5 s counted) + warmup + measurement.
estimate_seconds() { # configs forks wi wt mi mt
  local wt mt; wt="$(to_seconds "$4")"; mt="$(to_seconds "$6")"
  awk -v c="$1" -v f="$2" -v wi="$3" -v wt="$wt" -v mi="$5" -v mt="$mt" \
    'BEGIN { printf "%d", c * f * (1.5 + wi * wt + mi * mt) + 0.5 }'
}
clock_in() { # seconds from now -> HH:MM UTC (GNU or BSD date)
  date -u -d "+$1 seconds" +%H:%M 2>/dev/null || date -u -v+"$1"S +%H:%M 2>/dev/null || echo "?"
}
fmt_duration() { local s="$1"; if (( s >= 120 )); then echo "$(( (s + 30) / 60 )) min"; else echo "$s s"; fi; }

PLAN=()
TOTAL_EST=0
for entry in "${GROUPS_TABLE[@]}"; do
  IFS='|' read -r gname gclass gmethod gparams gkind <<<"$entry"
  full_name="dev.simdsgd.bench.$gclass.$gmethod"
  grep -qx "$full_name" <<<"$MATCHED" || continue
  if [[ "$gkind" == epoch ]]; then its="$IT_EPOCH"; else its="$IT_KERNEL"; fi
  read -r f wi wt mi mt <<<"$its"
  [[ -z "$FORKS" ]] || f="$FORKS"
  if [[ "$gkind" == roofline ]]; then configs=1; else configs=$(( $(tr ',' '\n' <<<"$WIDTHS" | wc -l) )); fi
  for p in $gparams; do
    configs=$(( configs * $(tr ',' '\n' <<<"${p#*=}" | wc -l) ))
  done
  est="$(estimate_seconds "$configs" "$f" "$wi" "$wt" "$mi" "$mt")"
  TOTAL_EST=$(( TOTAL_EST + est ))
  PLAN+=("$gname|$full_name|$gparams|$f $wi $wt $mi $mt|$configs|$est|$gkind")
done
[[ ${#PLAN[@]} -gt 0 ]] || die "nothing to run: --include '$INCLUDE' selects no benchmark group"
if [[ "$DRY_RUN" == 1 ]]; then
  echo "== plan: mode $MODE, hw $HW, widths $WIDTHS${SKIPPED:+ (skipped:$SKIPPED)}"
  for entry in "${PLAN[@]}"; do
    IFS='|' read -r gname full_name gparams its configs est gkind <<<"$entry"
    echo "   $gname: $configs configurations ($gparams), forks/warmup/measurement: $its, about $(fmt_duration "$est")"
  done
  echo "== estimated $(fmt_duration "$TOTAL_EST") in all"
  exit 0
fi

# ---- run folder ---------------------------------------------------------------------------------
DATE="$(date -u +%Y-%m-%d)"
if [[ -z "$NAME" ]]; then
  NAME="$DATE-$CPU_SLUG"
  [[ "$MODE" != quick ]] || NAME="$NAME-quick"
  [[ "$HW" == native ]] || NAME="$NAME-hw-$HW"
fi
mkdir -p "$OUT" || die "cannot create $OUT"
OUT="$(cd "$OUT" && pwd)"
RUN_DIR="$OUT/$NAME"
mkdir -p "$RUN_DIR" || die "cannot create $RUN_DIR"
probe --json >"$RUN_DIR/env.json" || die "the environment probe failed"

STARTED="$(date -u +%FT%TZ)"
{
  echo "# run started $STARTED (mode $MODE, hw $HW, JDK $JDK); the command, then each JMH command it ran:"
  echo "$RUN_BENCH_COMMAND"
} >>"$RUN_DIR/commands.txt"

echo "== simd-sgd benchmarks: mode $MODE, hw $HW${HW_FLAGS:+ ($HW_FLAGS)}, JDK $JDK"
echo "== widths: $WIDTHS${SKIPPED:+ (skipped, not native here:$SKIPPED)}"
echo "== results: $RUN_DIR"
echo "== ${#PLAN[@]} benchmark group(s), estimated $(fmt_duration "$TOTAL_EST") in all (done about $(clock_in "$TOTAL_EST") UTC)"

i=0
for entry in "${PLAN[@]}"; do
  i=$(( i + 1 ))
  IFS='|' read -r gname full_name gparams its configs est gkind <<<"$entry"
  read -r f wi wt mi mt <<<"$its"
  args=("^${full_name//./\\.}\$")
  [[ "$gkind" == roofline ]] || args+=(-p "width=$WIDTHS")
  for p in $gparams; do args+=(-p "$p"); done
  args+=(-f "$f" -wi "$wi" -w "$wt" -i "$mi" -r "$mt" -foe true -prof gc -jvm "$JAVA"
         -rf json -rff "$RUN_DIR/$gname.json")
  [[ -z "$HW_FLAGS" ]] || args+=(-jvmArgsPrepend "$HW_FLAGS")
  # shellcheck disable=SC2206
  [[ -z "$JMH_EXTRA" ]] || args+=($JMH_EXTRA)
  echo
  echo "== [$i/${#PLAN[@]}] $gname: $configs configurations x $f fork(s), about $(fmt_duration "$est") (group done about $(clock_in "$est") UTC)"
  printf '%q ' "$JAVA" -jar "$JAR" "${args[@]}" >>"$RUN_DIR/commands.txt"
  echo >>"$RUN_DIR/commands.txt"
  set +e
  "$JAVA" -jar "$JAR" "${args[@]}" 2>&1 | tee "$RUN_DIR/jmh-$gname.txt"
  status=${PIPESTATUS[0]}
  set -e
  [[ "$status" == 0 ]] || die "JMH failed on group $gname (exit $status); its output is in $RUN_DIR/jmh-$gname.txt"
done

FINISHED="$(date -u +%FT%TZ)"
json_string() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }
cat >"$RUN_DIR/run.json" <<EOF
{
  "mode": "$MODE",
  "hw": "$HW",
  "hwFlags": "$HW_FLAGS",
  "widths": "$WIDTHS",
  "skippedWidths": "${SKIPPED# }",
  "started": "$STARTED",
  "finished": "$FINISHED",
  "command": $(json_string "$RUN_BENCH_COMMAND")
}
EOF
echo "== benchmarks done at $FINISHED; results in $RUN_DIR"

if [[ "$PEERS" == 1 ]]; then
  echo
  echo "== peers: jmh/peers/run-peers.sh into $RUN_DIR/peers"
  peers_args=(--out "$RUN_DIR/peers")
  [[ "$MODE" != quick ]] || peers_args+=(--quick)
  [[ "$BUILD" == 1 ]] || peers_args+=(--no-build)
  [[ -z "$FORKS" ]] || peers_args+=(--forks "$FORKS")
  printf '%q ' "$ROOT/jmh/peers/run-peers.sh" "${peers_args[@]}" >>"$RUN_DIR/commands.txt"
  echo >>"$RUN_DIR/commands.txt"
  "$ROOT/jmh/peers/run-peers.sh" "${peers_args[@]}" || die "the peers run failed (jmh/peers/run-peers.sh); its output is in $RUN_DIR/peers"
fi

if [[ "$REPORT" == 1 ]]; then
  "$JAVA" -Djava.awt.headless=true -cp "$JAR" dev.simdsgd.bench.report.ReportMain "$OUT" \
    || die "the report generator failed: $JAVA -cp $JAR dev.simdsgd.bench.report.ReportMain $OUT"
  echo "== report: $OUT/REPORT.md"
fi
