#!/usr/bin/env bash
# Sweep of 127.1.0.0/16, one request per host, whole process, side by side in one run:
#   icmpj:  ./icmpj multiping -a -q -i0 -r0 -t500 -g 127.1.0.0/16   (65,534 hosts, as fping's -g)
#   fping:  fping -a -q -i0 -r0 -t500 -g 127.1.0.0/16
#   limit:  the C reference ../shared/tools/icmpsweep.c -n 65536 -a 127.1.0.0 (what the kernel allows)
#   warm:   the same sweep as a library call, the JVM warm (icmpj-bench's WarmSweep: 10 untimed calls, then
#           the median of max(RUNS, 5))
#
# WARMUP (default 1) untimed runs of each, then RUNS (default 5) timed runs, rotating which tool goes first.
# Prints each median wall time, the hosts found alive by each run, and the ratios icmpj/fping and
# icmpj/limit and warm/limit; exits 1 when icmpj misses a target (the whole process at most 1.0x fping's
# time, the warm call at most 1.5x the C reference's, every host alive).
# Touches only 127.1.0.0/16 on loopback; every command is bounded by `timeout`.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
require fping gcc timeout awk sort
((BASH_VERSINFO[0] >= 5)) || { echo "sweep.sh: needs bash 5 (EPOCHREALTIME)" >&2; exit 2; }

runs="${RUNS:-5}"
warmup="${WARMUP:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/icmpsweep" "$bench_root/../shared/tools/icmpsweep.c"

icmpj=("$bench_root/icmpj" multiping -a -q -i0 -r0 -t500 -g 127.1.0.0/16)
fping=(fping -a -q -i0 -r0 -t500 -g 127.1.0.0/16)
limit=("$work/icmpsweep" -n 65536 -a 127.1.0.0)

# Runs a command once, bounded; appends its wall time in seconds to $1.time and what it found to $1.found.
timed() {
    local name="$1" out="$work/out"
    shift
    # exit code 1: some host did not answer, which the found count then shows
    run_timed 60 "$out" "$work/$name.time" "$@" || [[ $? -eq 1 ]] ||
        { echo "sweep.sh: '$*' failed: $(tail -1 "$out")" >&2; exit 2; }
    record_found "$name" "$out" "$work/$name.found"
}

warm_launcher
for ((i = 0; i < warmup; i++)); do
    for tool in icmpj fping limit; do
        declare -n command="$tool"
        timed warm "${command[@]}"
    done
done
for ((i = 0; i < runs; i++)); do
    order=(icmpj fping limit)
    for ((k = 0; k < i % 3; k++)); do order=("${order[@]:1}" "${order[0]}"); done
    for tool in "${order[@]}"; do
        declare -n command="$tool"
        timed "$tool" "${command[@]}"
    done
done

echo "sweep of 127.1.0.0/16, one request per host, whole process: $runs runs each (after $warmup warm-up)"
for tool in icmpj fping limit; do
    printf '%-6s median %s s (min %s, max %s), alive per run: %s\n' "$tool:" "$(median < "$work/$tool.time")" \
        "$(sort -g "$work/$tool.time" | head -1)" "$(sort -g "$work/$tool.time" | tail -1)" \
        "$(tr '\n' ' ' < "$work/$tool.found")"
done
classpath="$(library_classpath)"
warm_runs=$((runs < 5 ? 5 : runs))
read -r warm_s warm_alive < <(timeout 300 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "$classpath" dev.icmpj.bench.WarmSweep 127.1.0.0/16 10 "$warm_runs")
echo "warm:   median $warm_s s per library call (Pinger.multiping, after 10 untimed), alive: $warm_alive"
icmpj_median=$(median < "$work/icmpj.time")
vs_fping=$(ratio "$icmpj_median" "$(median < "$work/fping.time")")
vs_limit=$(ratio "$icmpj_median" "$(median < "$work/limit.time")")
warm_vs_limit=$(ratio "$warm_s" "$(median < "$work/limit.time")")
echo "icmpj/fping: $vs_fping (target <= 1.0, goal 0.8); icmpj/limit: $vs_limit"
echo "warm library call/limit: $warm_vs_limit (target <= 1.5, goal 1.0)"
if sort -u "$work/icmpj.found" | grep -qv '^65534$'; then
    echo "sweep.sh: icmpj did not find every host alive in every run" >&2
    exit 1
fi
if [[ $warm_alive != 65534 ]]; then
    echo "sweep.sh: the warm library sweep did not find every host alive" >&2
    exit 1
fi
check_target "$vs_fping" 1.0
check_target "$warm_vs_limit" 1.5
