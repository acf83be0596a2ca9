#!/usr/bin/env bash
# Sweep of 127.16.0.0/12 (1,048,574 hosts, as fping's -g counts them), one request per host, whole process, in a
# 256 MB heap, side by side in one run:
#   icmpj:  JAVA_OPTS=-Xmx256m ./icmpj multiping -a -q -i0 -r0 -t1000 -g 127.16.0.0/12
#   limit:  the C reference ../shared/tools/icmpsweep.c -n 1048576 -a 127.16.0.0 (what the kernel allows)
# and, for the memory per target, a one-host run of icmpj in the same heap (127.16.0.1).
# fping is not in the race: it stops at 65,535 probes outstanding and exits 4 on a block this size.
#
# WARMUP (default 1) untimed runs of each, then RUNS (default 3) timed runs, alternating which goes first.
# Prints each median wall time and peak RSS (GNU time's %M), the hosts found alive by each run, the ratio
# icmpj/limit and icmpj's bytes per target (its peak RSS above the one-host run's, over the hosts); exits 1
# when icmpj misses its target (every host alive, the wall at most 2x the C reference's).
# Touches only 127.16.0.0/12 on loopback; every command is bounded by `timeout`.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
require gcc timeout awk sort
[[ -x /usr/bin/time ]] || { echo "sweep12.sh: GNU time (/usr/bin/time, Debian package time) is not installed; it measures peak RSS" >&2; exit 2; }
((BASH_VERSINFO[0] >= 5)) || { echo "sweep12.sh: needs bash 5 (EPOCHREALTIME)" >&2; exit 2; }

runs="${RUNS:-3}"
warmup="${WARMUP:-1}"
hosts=1048574
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/icmpsweep" "$bench_root/../shared/tools/icmpsweep.c"

icmpj=(env JAVA_OPTS=-Xmx256m "$bench_root/icmpj" multiping -a -q -i0 -r0 -t1000 -g 127.16.0.0/12)
one=(env JAVA_OPTS=-Xmx256m "$bench_root/icmpj" multiping -a -q -i0 -r0 -t1000 127.16.0.1)
limit=("$work/icmpsweep" -n 1048576 -a 127.16.0.0)

# Runs a command once, bounded, under GNU time; appends its wall time in seconds to $1.time, its peak RSS in KB
# to $1.rss and what it found alive to $1.found.
timed() {
    local name="$1" out="$work/out"
    shift
    # exit code 1: some host did not answer, which the found count then shows
    run_timed 120 "$out" "$work/$name.time" /usr/bin/time -o "$work/rss" -f %M "$@" || [[ $? -eq 1 ]] ||
        { echo "sweep12.sh: '$*' failed: $(tail -1 "$out")" >&2; exit 2; }
    tail -1 "$work/rss" >> "$work/$name.rss"
    record_found "$name" "$out" "$work/$name.found"
}

warm_launcher
for ((i = 0; i < warmup; i++)); do
    timed warm "${icmpj[@]}"
    timed warm "${limit[@]}"
done
for ((i = 0; i < runs; i++)); do
    order=(icmpj limit)
    ((i % 2)) && order=(limit icmpj)
    for tool in "${order[@]}"; do
        declare -n command="$tool"
        timed "$tool" "${command[@]}"
    done
    timed one "${one[@]}"
done

echo "sweep of 127.16.0.0/12, one request per host, whole process: $runs runs each (after $warmup warm-up)"
for tool in icmpj limit one; do
    printf '%-6s median %s s (min %s, max %s), peak RSS median %s KB, alive per run: %s\n' "$tool:" \
        "$(median < "$work/$tool.time")" "$(sort -g "$work/$tool.time" | head -1)" \
        "$(sort -g "$work/$tool.time" | tail -1)" "$(median < "$work/$tool.rss")" "$(tr '\n' ' ' < "$work/$tool.found")"
done
vs_limit=$(ratio "$(median < "$work/icmpj.time")" "$(median < "$work/limit.time")")
per_target=$(awk -v a="$(median < "$work/icmpj.rss")" -v b="$(median < "$work/one.rss")" -v n="$hosts" \
    'BEGIN { printf "%.0f\n", (a - b) * 1024 / n }')
echo "icmpj/limit: $vs_limit (target <= 2.0); icmpj peak RSS above a one-host run: $per_target bytes per target"
if sort -u "$work/icmpj.found" | grep -qv "^$hosts\$"; then
    echo "sweep12.sh: icmpj did not find every host alive in every run" >&2
    exit 1
fi
check_target "$vs_limit" 2.0
