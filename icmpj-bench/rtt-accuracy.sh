#!/usr/bin/env bash
# RTT accuracy on loopback, icmpj against iputils ping, side by side in one run.
#
# Each round sends COUNT (default 200) echo requests to 127.0.0.1, INTERVAL (default 0.01) s apart, with
# `./icmpj ping --json` (its per-reply rtts) and with iputils `ping` (the time= of each reply line); the
# order of the two alternates between rounds (ROUNDS, default 2). Prints each tool's median RTT over all
# rounds and the ratio icmpj/ping: target <= 1.3, goal <= 1.0. Exits 1 when the target is missed.
# Touches only 127.0.0.1; every command is bounded by `timeout`.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
require ping timeout awk sort

count="${COUNT:-200}"
interval="${INTERVAL:-0.01}"
rounds="${ROUNDS:-2}"
limit=$(awk -v c="$count" -v i="$interval" 'BEGIN { printf "%d", c * i + 30 }')
samples="$(mktemp -d)"
trap 'rm -rf "$samples"' EXIT

run_icmpj() {
    timeout "$limit" "$bench_root/icmpj" ping -c "$count" -i "$interval" --json 127.0.0.1 \
        | sed -n 's/.*"rtts":\[\([^]]*\)\].*/\1/p' | tr ',' '\n' >> "$samples/icmpj"
}

run_ping() {
    timeout "$limit" ping -n -c "$count" -i "$interval" 127.0.0.1 \
        | sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' >> "$samples/ping"
}

warm_launcher
echo "rtt-accuracy: $rounds rounds x $count echo requests to 127.0.0.1, $interval s apart"
: > "$samples/icmpj"
: > "$samples/ping"
for ((round = 1; round <= rounds; round++)); do
    if ((round % 2)); then
        order="icmpj ping"
    else
        order="ping icmpj"
    fi
    for tool in $order; do
        before=$(wc -l < "$samples/$tool")
        "run_$tool"
        after=$(wc -l < "$samples/$tool")
        round_median=$(tail -n "$((after - before))" "$samples/$tool" | median)
        printf 'round %d: %-5s %4d replies, median %s ms\n' "$round" "$tool" "$((after - before))" "$round_median"
    done
done

icmpj_median=$(median < "$samples/icmpj")
ping_median=$(median < "$samples/ping")
result=$(ratio "$icmpj_median" "$ping_median")
printf 'icmpj median RTT: %s ms (%d replies)\n' "$icmpj_median" "$(wc -l < "$samples/icmpj")"
printf 'ping  median RTT: %s ms (%d replies)\n' "$ping_median" "$(wc -l < "$samples/ping")"
echo "ratio icmpj/ping: $result (target <= 1.3, goal <= 1.0)"
check_target "$result" 1.3
