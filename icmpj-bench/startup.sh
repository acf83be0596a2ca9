#!/usr/bin/env bash
# CLI start-up: whole-process wall time of `./icmpj ping -c 1 127.0.0.1` against iputils
# `ping -c 1 127.0.0.1`, side by side in one run.
#
# WARMUP (default 3) untimed runs of each, then RUNS (default 30) timed runs, alternating which tool goes
# first in each run, timed with bash's $EPOCHREALTIME (no extra process). Prints both medians, the
# icmpj/ping ratio and whether icmpj met its 300 ms target; exits 1 when it did not.
# Touches only 127.0.0.1; every command is bounded by `timeout`.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
require ping timeout awk sort
((BASH_VERSINFO[0] >= 5)) || { echo "startup.sh: needs bash 5 (EPOCHREALTIME)" >&2; exit 2; }

runs="${RUNS:-30}"
warmup="${WARMUP:-3}"
icmpj=("$bench_root/icmpj" ping -c 1 127.0.0.1)
peer=(ping -n -c 1 127.0.0.1)
times="$(mktemp -d)"
trap 'rm -rf "$times"' EXIT

# Runs a command once, bounded, output discarded; appends its wall time in ms to the file $1.
timed() {
    local file="$1" start end
    shift
    start=$EPOCHREALTIME
    timeout 20 "$@" > /dev/null 2>&1 || { echo "startup.sh: '$*' failed" >&2; exit 2; }
    end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }' >> "$file"
}

warm_launcher
for ((i = 0; i < warmup; i++)); do
    timed /dev/null "${icmpj[@]}"
    timed /dev/null "${peer[@]}"
done
for ((i = 0; i < runs; i++)); do
    if ((i % 2)); then
        timed "$times/ping" "${peer[@]}"
        timed "$times/icmpj" "${icmpj[@]}"
    else
        timed "$times/icmpj" "${icmpj[@]}"
        timed "$times/ping" "${peer[@]}"
    fi
done

icmpj_median=$(median < "$times/icmpj")
ping_median=$(median < "$times/ping")
echo "startup: $runs runs each (after $warmup warm-up runs), whole process, wall clock"
printf 'icmpj: median %s ms (min %s, max %s)\n' "$icmpj_median" "$(sort -g "$times/icmpj" | head -1)" "$(sort -g "$times/icmpj" | tail -1)"
printf 'ping:  median %s ms (min %s, max %s)\n' "$ping_median" "$(sort -g "$times/ping" | head -1)" "$(sort -g "$times/ping" | tail -1)"
echo "ratio icmpj/ping: $(ratio "$icmpj_median" "$ping_median")"
if awk -v m="$icmpj_median" 'BEGIN { exit !(m > 300) }'; then
    echo "FAILED: icmpj's median start-up $icmpj_median ms is above the 300 ms target"
    exit 1
fi
echo "icmpj start-up target (< 300 ms): met"
