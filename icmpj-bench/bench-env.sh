# Sourced by the icmpj-bench scripts: repository root, JDK 25, and peer checks.
# shellcheck shell=bash

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# JAVA_HOME: the JDK 25 the ./icmpj launcher would pick.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/find-jdk.sh"
require_jdk25

# Fails with one clear line unless each named command is installed.
require() {
    local command
    for command in "$@"; do
        command -v "$command" > /dev/null || { echo "$(basename "$0"): '$command' is not installed; it is needed to compare against it" >&2; exit 2; }
    done
}

# Prints the median of the numbers on standard input, one a line (the mean of the middle two for an even count).
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Prints a / b with 3 decimals.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "inf"; else printf "%.3f\n", a / b }'
}

# Exits 1 with a message when the ratio $1 is above the target $2.
check_target() {
    if awk -v r="$1" -v t="$2" 'BEGIN { exit !(r > t) }'; then
        echo "FAILED: ratio $1 is above the target $2"
        exit 1
    fi
}

# Builds the CLI (and its AOT cache) before anything is timed.
warm_launcher() {
    "$bench_root/icmpj" --version > /dev/null || { echo "$(basename "$0"): ./icmpj does not run" >&2; exit 2; }
}
