#!/usr/bin/env bash
# The continuous prober at 1,000 and 10,000 loopback targets, probed every second for DURATION seconds:
#   icmpj:     ./icmpj exporter --config.file <N targets, interval 1s, timeout 1s>
#   fping:     fping -l -p 1000 -i 0 -t 1000 -Q DURATION -f <the same targets>  (loop mode)
#   smokeping: prometheus-smokeping-prober --privileged --ping.interval=1s <the same targets>
#              (Debian 12's 0.6.1, from 2022: older than upstream, whose later releases changed its
#              scheduling; say so beside its figures)
# For each: CPU as a fraction of one core (utime + stime from /proc over the measured window), peak and last
# RSS, requests per second held against N/s, and for the two exporters the time of one scrape of /metrics
# (median of 5, at the end) and its size. For icmpj also: the 99th percentile of send lag over the window
# (from icmpj_send_lag_seconds), loss, and the identity requests = replies + lost + errors at the end.
# Targets (issue 17): 10,000 targets at <= 0.2 of a core, <= 300 MB RSS, rate within 1%, send lag p99
# < 1 ms, a scrape < 1 s; exits 1 when icmpj misses one at 10,000.
#
# Targets are 127.2.0.1 upward, into 127.3/16 past 65,000 (loopback only). Knobs: SIZES (default "1000 10000"), DURATION (default 300),
# WARMUP (seconds before the window, default 30), TOOLS (default "icmpj fping smokeping"), and INTERVAL (default
# 1s) for a run such as SIZES=100000 INTERVAL=10s. Run as root (raw sockets). Every process is bounded by
# `timeout` and killed at the end.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
require fping curl timeout awk sort
sizes="${SIZES:-1000 10000}"
duration="${DURATION:-300}"
warmup="${WARMUP:-30}"
tools="${TOOLS:-icmpj fping smokeping}"
interval="${INTERVAL:-1s}"
interval_s="$(awk -v i="$interval" 'BEGIN { if (i ~ /ms$/) print substr(i, 1, length(i) - 2) / 1000; else if (i ~ /s$/) print substr(i, 1, length(i) - 1) + 0; else print i + 0 }')"
interval_ms="$(awk -v s="$interval_s" 'BEGIN { printf "%d", s * 1000 }')"
[[ " $tools " == *" smokeping "* ]] && require prometheus-smokeping-prober
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
    wait 2> /dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
clk_tck="$(getconf CLK_TCK)"

# Writes exactly N target addresses, one a line, from 127.2.0.1 upward (x.y.z.0 skipped).
targets_exact() {
    # awk stops by itself: a `head` closing the pipe would be a SIGPIPE, fatal under pipefail
    awk -v n="$1" 'BEGIN {
        for (i = 1; k < n; i++) if (i % 256 != 0) { printf "127.%d.%d.%d\n", 2 + int(i / 65536), int(i / 256) % 256, i % 256; k++ } }'
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2> /dev/null || { echo "exporter.sh: process $1 ended early" >&2; exit 2; }; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# Samples RSS every 5 s during the window; prints the peak in kB.
watch_rss() {
    local pid="$1" seconds="$2" peak=0 now
    for ((t = 0; t < seconds; t += 5)); do
        now="$(rss_kb "$pid" 2> /dev/null || echo 0)"
        ((now > peak)) && peak=$now
        sleep 5
    done
    echo "$peak"
}

# The sum of a metric's samples in a scrape (file), optionally of the lines matching a second pattern.
metric_sum() {
    awk -v m="$2" '$0 !~ /^#/ && index($0, m) == 1 { s += $NF } END { printf "%.0f\n", s }' "$1"
}

# The q quantile of a classic histogram between two scrapes: linear within the bucket, as histogram_quantile.
lag_quantile() {
    local q="$1" before="$2" after="$3" name="$4"
    awk -v q="$q" -v name="${name}_bucket" '
        FNR == 1 { file++ }
        $0 ~ "^" name "\\{" {
            match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5)
            if (file == 1) b[le] -= $NF; else b[le] += $NF; les[le] = 1
        }
        END {
            n = 0; for (le in les) { bound[++n] = (le == "+Inf") ? 1e300 : le + 0; key[n] = le }
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (bound[j] < bound[i]) {
                t = bound[i]; bound[i] = bound[j]; bound[j] = t; t = key[i]; key[i] = key[j]; key[j] = t }
            total = b[key[n]]; if (total <= 0) { print "nan"; exit }
            rank = q * total; prev = 0; lower = 0
            for (i = 1; i <= n; i++) {
                c = b[key[i]]
                if (c >= rank) {
                    if (bound[i] >= 1e300) { print lower; exit }
                    printf "%.6f\n", lower + (bound[i] - lower) * (rank - prev) / (c - prev); exit
                }
                prev = c; lower = bound[i]
            }
        }' "$before" "$after"
}

# Times one scrape (curl), 5 times; prints "median_seconds bytes".
scrape_time() {
    local url="$1" times="$work/scrape.times" bytes=0 i
    : > "$times"
    for i in 1 2 3 4 5; do
        curl -s -o "$work/scrape.out" -w '%{time_total}\n' --max-time 60 "$url" >> "$times"
        bytes="$(stat -c %s "$work/scrape.out")"
    done
    echo "$(median < "$times") $bytes"
}

# The pid of the process `timeout` runs (its only child): what is measured.
child_of() {
    local i child
    for ((i = 0; i < 100; i++)); do
        child="$(pgrep -P "$1" | head -1 || true)"
        [[ -n $child ]] && { echo "$child"; return 0; }
        sleep 0.1
    done
    echo "$1"
}

# Waits (30 minutes at most) until a URL answers: smokeping_prober 0.6.1 starts its probers one by one
# before it listens (a minute for 1,000 on a busy machine).
startup_limit=1800
await_http() {
    local url="$1" pid="$2" i
    for ((i = 0; i < startup_limit * 2; i++)); do
        curl -sf -o /dev/null --max-time 30 "$url" && return 0
        kill -0 "$pid" 2> /dev/null || return 1
        sleep 0.5
    done
    return 1
}

report() { printf '%-10s %6s targets: %s\n' "$1" "$2" "$3"; }

failed=0
for n in $sizes; do
    targets_exact "$n" > "$work/targets.txt"
    count="$(wc -l < "$work/targets.txt")"
    expected_rate="$(awk -v n="$count" -v s="$interval_s" 'BEGIN { printf "%.1f", n / s }')"

    for tool in $tools; do
        window_cpu_start=0
        case "$tool" in
        icmpj)
            {
                echo "probes:"
                echo "  - name: bench"
                echo "    interval: $interval"
                echo "    timeout: 1s"
                echo "    targets:"
                sed 's/^/      - /' "$work/targets.txt"
            } > "$work/icmpj.yml"
            timeout $((startup_limit + duration + warmup + 120)) "$bench_root/icmpj" exporter --config.file "$work/icmpj.yml" \
                --web.listen-address 127.0.0.1:19605 > "$work/icmpj.log" 2>&1 &
            pid=$!
            pids+=("$pid")
            if ! await_http http://127.0.0.1:19605/-/ready "$pid"; then
                report icmpj "$count" "did not start: $(tail -2 "$work/icmpj.log" | tr '\n' ' ')"
                failed=1
                kill "$pid" 2> /dev/null || true
                continue
            fi
            # the launcher execs java, which `timeout` runs: its child is the JVM
            jvm="$(child_of "$pid")"
            sleep "$warmup"
            # the counts' window runs from the middle of one scrape to the middle of the other
            t0=$EPOCHREALTIME
            curl -s --max-time 60 http://127.0.0.1:19605/metrics > "$work/before.txt"
            t0="$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", (a + b) / 2 }')"
            c0="$(cpu_ticks "$jvm")"
            peak="$(watch_rss "$jvm" "$duration")"
            c1="$(cpu_ticks "$jvm")"
            t1=$EPOCHREALTIME
            curl -s --max-time 60 http://127.0.0.1:19605/metrics > "$work/after.txt"
            t1="$(awk -v a="$t1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", (a + b) / 2 }')"
            rss="$(rss_kb "$jvm")"
            read -r scrape_s scrape_bytes < <(scrape_time http://127.0.0.1:19605/metrics)
            kill "$pid"
            wait "$pid" 2> /dev/null || true
            elapsed="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
            cpu="$(awk -v c="$((c1 - c0))" -v h="$clk_tck" -v e="$elapsed" 'BEGIN { printf "%.3f", c / h / e }')"
            req0="$(metric_sum "$work/before.txt" icmpj_requests_total)"
            req1="$(metric_sum "$work/after.txt" icmpj_requests_total)"
            rate="$(awk -v a="$req0" -v b="$req1" -v e="$elapsed" 'BEGIN { printf "%.1f", (b - a) / e }')"
            held="$(awk -v r="$rate" -v x="$expected_rate" 'BEGIN { printf "%.4f", r / x }')"
            lag99="$(lag_quantile 0.99 "$work/before.txt" "$work/after.txt" icmpj_send_lag_seconds)"
            lost="$(($(metric_sum "$work/after.txt" icmpj_lost_total) - $(metric_sum "$work/before.txt" icmpj_lost_total)))"
            replies1="$(metric_sum "$work/after.txt" icmpj_replies_total)"
            lost1="$(metric_sum "$work/after.txt" icmpj_lost_total)"
            errors1="$(metric_sum "$work/after.txt" icmpj_icmp_errors_total)"
            identity=$((req1 - replies1 - lost1 - errors1))
            report icmpj "$count" "cpu $cpu core, rss peak $((peak / 1024)) MB (end $((rss / 1024)) MB), $rate req/s of $expected_rate (held $held), send lag p99 $lag99 s, lost $lost in the window, requests - replies - lost - errors = $identity, scrape $scrape_s s ($((scrape_bytes / 1000000)) MB)"
            if ((count >= 10000)) && [[ $interval == 1s ]]; then
                awk -v c="$cpu" -v r="$peak" -v h="$held" -v l="$lag99" -v s="$scrape_s" -v i="$identity" 'BEGIN {
                    bad = (c > 0.2) || (r > 300 * 1024) || (h < 0.99 || h > 1.01) || (l == "nan" || l >= 0.001) || (s >= 1) || (i != 0)
                    exit !bad }' && { echo "icmpj missed a target at $count targets (cpu <= 0.2, rss <= 300 MB, held within 1%, lag p99 < 1 ms, scrape < 1 s, identity 0)"; failed=1; }
            fi
            ;;
        fping)
            # -q: only the summary of the whole run, on stderr, when SIGINT ends it
            timeout -s INT $((duration + warmup)) fping -l -p "$interval_ms" -i 0 -t 1000 -q \
                -f "$work/targets.txt" > "$work/fping.out" 2> "$work/fping.err" &
            pid=$!
            pids+=("$pid")
            peer="$(child_of "$pid")"
            sleep "$warmup"
            if ! kill -0 "$peer" 2> /dev/null; then
                # fping 5.1's loop mode keeps 65,536 sequence numbers for 10 s: at most about 6,500 requests/s
                report fping "$count" "failed: $(grep -m1 'fping error' "$work/fping.err" || tail -1 "$work/fping.err")"
                continue
            fi
            t0=$EPOCHREALTIME
            c0="$(cpu_ticks "$peer")"
            peak="$(watch_rss "$peer" "$((duration - 5))")"
            c1="$(cpu_ticks "$peer")"
            t1=$EPOCHREALTIME
            wait "$pid" 2> /dev/null || true
            elapsed="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
            cpu="$(awk -v c="$((c1 - c0))" -v h="$clk_tck" -v e="$elapsed" 'BEGIN { printf "%.3f", c / h / e }')"
            # fping's summary: "127.2.0.1 : xmt/rcv/%loss = 330/330/0%", for its whole run
            sent="$(awk -F'[=/ ]+' '/xmt\/rcv/ { for (i = 1; i <= NF; i++) if ($i == "%loss") { s += $(i + 1) } } END { print s + 0 }' "$work/fping.err")"
            # fping sends a round at once, then one every period: run / period + 1 rounds in its run
            run_s=$((duration + warmup))
            rate="$(awk -v s="$sent" -v e="$run_s" 'BEGIN { printf "%.1f", s / e }')"
            held="$(awk -v s="$sent" -v n="$count" -v e="$run_s" -v i="$interval_s" 'BEGIN { printf "%.4f", s / (n * (int(e / i) + 1)) }')"
            report fping "$count" "cpu $cpu core, rss peak $((peak / 1024)) MB, $rate req/s of $expected_rate over its run (held $held)"
            ;;
        smokeping)
            {
                echo "targets:"
                echo "  - interval: $interval"
                echo "    hosts:"
                sed 's/^/      - /' "$work/targets.txt"
            } > "$work/smokeping.yml"
            timeout $((startup_limit + duration + warmup + 120)) prometheus-smokeping-prober --privileged \
                --web.listen-address=127.0.0.1:19374 --config.file="$work/smokeping.yml" > "$work/smokeping.log" 2>&1 &
            pid=$!
            pids+=("$pid")
            peer="$(child_of "$pid")"
            if ! await_http http://127.0.0.1:19374/metrics "$pid"; then
                report smokeping "$count" "did not start: $(tail -2 "$work/smokeping.log" | tr '\n' ' ')"
                continue
            fi
            sleep "$warmup"
            t0=$EPOCHREALTIME
            curl -s --max-time 60 http://127.0.0.1:19374/metrics > "$work/before.txt"
            t0="$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", (a + b) / 2 }')"
            c0="$(cpu_ticks "$peer")"
            peak="$(watch_rss "$peer" "$duration")"
            c1="$(cpu_ticks "$peer")"
            t1=$EPOCHREALTIME
            curl -s --max-time 60 http://127.0.0.1:19374/metrics > "$work/after.txt"
            t1="$(awk -v a="$t1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", (a + b) / 2 }')"
            read -r scrape_s scrape_bytes < <(scrape_time http://127.0.0.1:19374/metrics)
            kill "$pid"
            wait "$pid" 2> /dev/null || true
            elapsed="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
            cpu="$(awk -v c="$((c1 - c0))" -v h="$clk_tck" -v e="$elapsed" 'BEGIN { printf "%.3f", c / h / e }')"
            req0="$(metric_sum "$work/before.txt" smokeping_requests_total)"
            req1="$(metric_sum "$work/after.txt" smokeping_requests_total)"
            rate="$(awk -v a="$req0" -v b="$req1" -v e="$elapsed" 'BEGIN { printf "%.1f", (b - a) / e }')"
            held="$(awk -v r="$rate" -v x="$expected_rate" 'BEGIN { printf "%.4f", r / x }')"
            report smokeping "$count" "(0.6.1, older than upstream) cpu $cpu core, rss peak $((peak / 1024)) MB, $rate req/s of $expected_rate (held $held), scrape $scrape_s s ($((scrape_bytes / 1000000)) MB)"
            ;;
        *)
            echo "exporter.sh: unknown tool $tool" >&2
            exit 2
            ;;
        esac
    done
done
exit "$failed"
