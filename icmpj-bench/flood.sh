#!/usr/bin/env bash
# Flood of one loopback address, side by side in one run, whole process and the ping's own time:
#   icmpj:    ./icmpj ping -f -q -l P -c N 127.0.0.1
#   iputils:  ping -f -q -l P -c N 127.0.0.1
#   limit:    the C reference ../shared/tools/icmpsweep.c -1 -n 65536 -a 127.0.0.1, what the kernel allows:
#             -b 1 -w 1 sends each request alone once the last one was answered, as iputils' and icmpj's floods
#             do on loopback (their pipe of 1); -b 64 batches 64 per sendmmsg with up to 8,192 in flight, what
#             the kernel allows a flood that may keep many in flight (ping -f -l 64 asks for that)
#   channel:  icmpj's socket layer alone (icmpj-bench's ChannelFlood: a cold JVM with the launcher's C1 and
#             Serial GC, one request in flight, replies read in place and counted, no engine, no listener),
#             so that the difference to icmpj is the cost of what sits above the socket layer
#   bare:     the floor of a Java flood (icmpj-bench's BareFlood: no icmpj code, the same cold JVM; per echo two
#             16-bit stores, a clock read, one sendto downcall and a recvmmsg that reads the reply in place, one
#             request in flight), so that the difference to iputils is what the platform itself costs
#
# N = COUNT (default 100000), P = PRELOAD (default 1): 1 is both pings' own flood (one request in flight on
# loopback), 64 lets up to 64 be unanswered, as icmpj's flood did before it kept iputils' rule. WARMUP
# (default 1) untimed runs of each, then RUNS (default 5) timed runs, rotating which tool goes first. Prints each median: whole-process wall time, and the echoes per second
# the ping itself reports ("N packets transmitted ... time T ms"), with the ratio icmpj/iputils of echoes
# per second (of the medians, the target's figure, and the median of each round's own ratio, which the
# machine's drift between rounds moves less); exits 1 when icmpj misses its target (at least 1.0x iputils'
# echoes per second).
# Needs root (ping -f). Touches only 127.0.0.1; every command is bounded by `timeout`.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
require ping timeout awk sort gcc
((BASH_VERSINFO[0] >= 5)) || { echo "flood.sh: needs bash 5 (EPOCHREALTIME)" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "flood.sh: ping -f needs root" >&2; exit 2; }

count="${COUNT:-100000}"
runs="${RUNS:-5}"
warmup="${WARMUP:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

preload="${PRELOAD:-1}"
icmpj=("$bench_root/icmpj" ping -f -q -l "$preload" -c "$count" 127.0.0.1)
iputils=(ping -f -q -l "$preload" -c "$count" 127.0.0.1)
gcc -O2 -o "$work/icmpsweep" "$bench_root/../shared/tools/icmpsweep.c"
# its flood mode takes at most 65,536 requests (one sequence each); its rate is echoes per second all the same
limit_count=$((count < 65536 ? count : 65536))
limit1=("$work/icmpsweep" -1 -n "$limit_count" -a 127.0.0.1 -b 1 -w 1)
limit64=("$work/icmpsweep" -1 -n "$limit_count" -a 127.0.0.1 -b 64)
classpath="$(library_classpath)"
# a cold JVM with the launcher's flags
cold_java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
    -XX:-UsePerfData -cp "$classpath")
channel=("${cold_java[@]}" dev.icmpj.bench.ChannelFlood "$count")
bare=("${cold_java[@]}" dev.icmpj.bench.BareFlood "$count")

# Runs the C reference once, bounded; appends its echoes per second to $1.rate.
timed_limit() {
    local name="$1" out="$work/out"
    shift
    run_timed 60 "$out" "$work/$name.time" "$@" || { echo "flood.sh: '$*' failed: $(tail -1 "$out")" >&2; exit 2; }
    sed -n 's/.* rate=\([0-9]*\)\/s.*/\1/p' "$out" >> "$work/$name.rate"
}

# Runs ChannelFlood or BareFlood ($1: channel or bare) once, bounded; appends its echoes per second to $1.rate
# (each prints "sent received rate ...").
timed_java() {
    local name="$1" out="$work/out"
    declare -n java_command="$name"
    run_timed 60 "$out" "$work/$name.time" "${java_command[@]}" || { echo "flood.sh: $name flood failed: $(tail -1 "$out")" >&2; exit 2; }
    read -r sent got rate _ < "$out"
    [[ $got == "$sent" ]] || { echo "flood.sh: $name flood lost echoes: $got of $sent" >&2; exit 1; }
    echo "$rate" >> "$work/$name.rate"
}

# Runs a command once, bounded; appends its wall time to $1.time and its echoes per second to $1.rate.
timed() {
    local name="$1" out="$work/out"
    shift
    run_timed 120 "$out" "$work/$name.time" "$@" || { echo "flood.sh: '$*' failed: $(tail -1 "$out")" >&2; exit 2; }
    # "100000 packets transmitted, 100000 received, 0% packet loss, time 352ms": echoes per second
    sed -n 's/^\([0-9]*\) packets transmitted.* time \([0-9]*\)ms.*/\1 \2/p' "$out" \
        | awk '{ printf "%.0f\n", $1 / ($2 / 1000) }' >> "$work/$name.rate"
    grep -q "$count received" "$out" || { echo "flood.sh: '$*' lost echoes: $(grep transmitted "$out")" >&2; exit 1; }
}

warm_launcher
for ((i = 0; i < warmup; i++)); do
    timed warm "${icmpj[@]}"
    timed warm "${iputils[@]}"
done
for ((i = 0; i < runs; i++)); do
    order=(icmpj iputils)
    ((i % 2)) && order=(iputils icmpj)
    for tool in "${order[@]}"; do
        declare -n command="$tool"
        timed "$tool" "${command[@]}"
    done
    timed_limit limit1 "${limit1[@]}"
    timed_limit limit64 "${limit64[@]}"
    timed_java channel
    timed_java bare
    # the ratios of this round alone: adjacent runs share the machine's state of the moment
    ratio "$(tail -1 "$work/icmpj.rate")" "$(tail -1 "$work/iputils.rate")" >> "$work/icmpj-round.ratio"
    ratio "$(tail -1 "$work/bare.rate")" "$(tail -1 "$work/iputils.rate")" >> "$work/bare-round.ratio"
done

echo "flood of 127.0.0.1, $count echoes, -l $preload: $runs runs each (after $warmup warm-up)"
for tool in icmpj iputils; do
    printf '%-8s median %s s whole process, %s echoes/s by its own clock (min %s, max %s)\n' "$tool:" \
        "$(median < "$work/$tool.time")" "$(median < "$work/$tool.rate")" \
        "$(sort -g "$work/$tool.rate" | head -1)" "$(sort -g "$work/$tool.rate" | tail -1)"
done
for limit in limit1 limit64; do
    printf '%-8s median %s echoes/s (C reference, %s per sendmmsg, %s in flight)\n' "$limit:" \
        "$(median < "$work/$limit.rate")" "${limit#limit}" "$([[ $limit == limit1 ]] && echo 1 || echo "up to 8,192")"
done
printf '%-8s median %s echoes/s (icmpj'"'"'s socket layer alone, a cold JVM)\n' "channel:" "$(median < "$work/channel.rate")"
printf '%-8s median %s echoes/s (the floor of a Java flood: no icmpj code, a cold JVM)\n' "bare:" "$(median < "$work/bare.rate")"
vs_iputils=$(ratio "$(median < "$work/icmpj.rate")" "$(median < "$work/iputils.rate")")
echo "icmpj/iputils echoes per second: $vs_iputils (target >= 1.0)"
echo "icmpj/limit (one request in flight): $(ratio "$(median < "$work/icmpj.rate")" "$(median < "$work/limit1.rate")")"
echo "icmpj/channel (the cost above the socket layer): $(ratio "$(median < "$work/icmpj.rate")" "$(median < "$work/channel.rate")")"
echo "channel/iputils: $(ratio "$(median < "$work/channel.rate")" "$(median < "$work/iputils.rate")")"
echo "bare/iputils (what the platform allows a Java flood): $(ratio "$(median < "$work/bare.rate")" "$(median < "$work/iputils.rate")")"
echo "per round, median of the ratios within each round: icmpj/iputils $(median < "$work/icmpj-round.ratio"), bare/iputils $(median < "$work/bare-round.ratio")"
echo "icmpj/bare (the cost of icmpj above the platform): $(ratio "$(median < "$work/icmpj.rate")" "$(median < "$work/bare.rate")")"
if awk -v r="$vs_iputils" 'BEGIN { exit !(r < 1.0) }'; then
    echo "FAILED: ratio $vs_iputils is below the target 1.0"
    exit 1
fi
