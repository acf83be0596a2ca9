#!/usr/bin/env bash
# Traceroute through a chain of 8 routers (network namespaces of this script's own), side by side in one run,
# the same probes for every tool (2 per hop, 1 s wait, ICMP echo):
#   icmpj:       ./icmpj traceroute -n -q 2 -w 1 DEST                       (whole process, JVM start included)
#   icmplib:     python3 -c 'icmplib.traceroute(DEST, count=2, interval=0.05, timeout=1)'   (whole process)
#   traceroute:  traceroute -I -n -q 2 -w 1 DEST
#   mtr:         mtr -n -r -c 1 DEST   (one probe per hop: mtr's report of one cycle)
#   warm:        the library call alone, the JVM warm (icmpj-bench's WarmTrace): 1,000 untimed calls, what the
#                JIT needs to compile the trace's code fully (measured: after 20 a call takes 6.0 ms, after 300
#                2.1 ms, after 1,000 1.3 ms), then the median of RUNS x 20 calls
#
# WARMUP (default 1) untimed runs of each, then RUNS (default 5) timed runs, rotating which tool goes first.
# Prints each median wall time and the hops each found (answered hops, destination included: 9), the ratio
# icmpj/icmplib (target <= 0.3) and warm/traceroute (target <= 1.0); exits 1 when a target is missed.
# Root only. The namespaces are named icmpj-bench-<pid>-*, their ICMP rate limits are off (the same for every
# tool), and they are deleted on exit, also when the script fails. Packets stay inside them.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
require ip traceroute mtr timeout awk sort
[[ $(id -u) -eq 0 ]] || { echo "trace.sh: needs root (namespaces)" >&2; exit 2; }
python=/usr/bin/python3
"$python" -c 'import icmplib' 2> /dev/null || { echo "trace.sh: python3-icmplib is not installed" >&2; exit 2; }
((BASH_VERSINFO[0] >= 5)) || { echo "trace.sh: needs bash 5 (EPOCHREALTIME)" >&2; exit 2; }

runs="${RUNS:-5}"
warmup="${WARMUP:-1}"
routers=8
prefix="icmpj-bench-$$"
work="$(mktemp -d)"
nodes=("$prefix-c")
for ((k = 1; k <= routers; k++)); do nodes+=("$prefix-r$k"); done
nodes+=("$prefix-s")
cleanup() {
    for node in "${nodes[@]}"; do ip netns del "$node" 2> /dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# client 198.18.0.1 - .0.2 r1 198.18.1.1 - .1.2 r2 ... r8 198.18.8.1 - .8.2 server
for node in "${nodes[@]}"; do
    ip netns add "$node"
    ip -n "$node" link set lo up
    ip netns exec "$node" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.ip_forward=1
done
for ((i = 0; i <= routers; i++)); do
    left="${nodes[i]}" right="${nodes[i + 1]}"
    ip link add "b$$l$i" netns "$left" type veth peer name "b$$r$i" netns "$right"
    ip -n "$left" addr add "198.18.$i.1/24" dev "b$$l$i"
    ip -n "$right" addr add "198.18.$i.2/24" dev "b$$r$i"
    ip -n "$left" link set "b$$l$i" up
    ip -n "$right" link set "b$$r$i" up
done
ip -n "${nodes[0]}" route add 198.18.0.0/15 via 198.18.0.2
ip -n "${nodes[routers + 1]}" route add 198.18.0.0/15 via "198.18.$routers.1"
for ((k = 1; k <= routers; k++)); do
    ip -n "${nodes[k]}" route add 198.18.0.0/15 via "198.18.$k.2" 2> /dev/null || true
    for ((j = 0; j < k - 1; j++)); do ip -n "${nodes[k]}" route add "198.18.$j.0/24" via "198.18.$((k - 1)).1"; done
done
dest="198.18.$routers.2"
client=(ip netns exec "${nodes[0]}")
"${client[@]}" ping -c 1 -W 2 "$dest" > /dev/null || { echo "trace.sh: the chain does not reach $dest" >&2; exit 2; }

icmpj=("${client[@]}" "$bench_root/icmpj" traceroute -n -q 2 -w 1 "$dest")
icmplib=("${client[@]}" "$python" -c "import icmplib
hops = icmplib.traceroute('$dest', count=2, interval=0.05, timeout=1, max_hops=30)
for h in hops: print(h.distance, h.address)")
traceroute=("${client[@]}" traceroute -I -n -q 2 -w 1 "$dest")
mtr=("${client[@]}" mtr -n -r -c 1 "$dest")

# Runs a command once, bounded; appends its wall time to $1.time and the hops it found to $1.found.
timed() {
    local name="$1" out="$work/out"
    shift
    run_timed 120 "$out" "$work/$name.time" "$@" || { echo "trace.sh: $name failed: $(tail -1 "$out")" >&2; exit 2; }
    case "$name" in
        icmpj | traceroute) awk 'NR > 1 && $2 != "*"' "$out" | wc -l >> "$work/$name.found" ;;
        icmplib) wc -l < "$out" >> "$work/$name.found" ;;
        mtr) awk '/\|--/ && $2 != "???"' "$out" | wc -l >> "$work/$name.found" ;;
        *) ;;
    esac
}

warm_launcher
for ((i = 0; i < warmup; i++)); do
    for tool in icmpj icmplib traceroute mtr; do
        declare -n command="$tool"
        timed warm "${command[@]}"
    done
done
for ((i = 0; i < runs; i++)); do
    order=(icmpj icmplib traceroute mtr)
    for ((k = 0; k < i % 4; k++)); do order=("${order[@]:1}" "${order[0]}"); done
    for tool in "${order[@]}"; do
        declare -n command="$tool"
        timed "$tool" "${command[@]}"
    done
done
classpath="$(library_classpath)"
read -r warm_ms warm_hops < <("${client[@]}" timeout 300 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "$classpath" dev.icmpj.bench.WarmTrace "$dest" 1000 "$((runs * 20))")

echo "traceroute through $routers routers to $dest, 2 probes per hop: $runs runs each (after $warmup warm-up)"
for tool in icmpj icmplib traceroute mtr; do
    printf '%-11s median %s s (min %s, max %s), hops found per run: %s\n' "$tool:" "$(median < "$work/$tool.time")" \
        "$(sort -g "$work/$tool.time" | head -1)" "$(sort -g "$work/$tool.time" | tail -1)" \
        "$(tr '\n' ' ' < "$work/$tool.found")"
done
echo "warm:       median $warm_ms ms per library call, $warm_hops hops"
vs_icmplib=$(ratio "$(median < "$work/icmpj.time")" "$(median < "$work/icmplib.time")")
vs_traceroute=$(ratio "$(awk -v m="$warm_ms" 'BEGIN { print m / 1000 }')" "$(median < "$work/traceroute.time")")
echo "icmpj/icmplib: $vs_icmplib (target <= 0.3); warm library call/traceroute -I: $vs_traceroute (target <= 1.0)"
if sort -u "$work/icmpj.found" | grep -qv "^$((routers + 1))\$"; then
    echo "trace.sh: icmpj did not find every hop in every run" >&2
    exit 1
fi
check_target "$vs_icmplib" 0.3
check_target "$vs_traceroute" 1.0
