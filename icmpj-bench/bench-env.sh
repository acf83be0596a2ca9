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

# Runs a command once, bounded to $1 seconds, its output and errors to the file $2; appends its wall time in
# seconds to the file $3. Returns the command's exit code (124 when the bound was hit).
run_timed() {
    local limit="$1" out="$2" times="$3" start end rc=0
    shift 3
    start=$EPOCHREALTIME
    timeout "$limit" "$@" > "$out" 2>&1 || rc=$?
    end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }' >> "$times"
    return "$rc"
}

# Exits 1 with a message when the ratio $1 is above the target $2.
check_target() {
    if awk -v r="$1" -v t="$2" 'BEGIN { exit !(r > t) }'; then
        echo "FAILED: ratio $1 is above the target $2"
        exit 1
    fi
}

# Appends to the file $3 how many hosts a sweep's output (the file $2) found alive: the C reference's
# "distinct=" count when $1 is limit, else the lines printed (`multiping -a` and `fping -a` print one per host).
record_found() {
    if [[ $1 == limit ]]; then
        sed -n 's/.* distinct=\([0-9]*\) .*/\1/p' "$2" >> "$3"
    else
        wc -l < "$2" >> "$3"
    fi
}
# Builds the CLI (and its AOT cache) before anything is timed.
warm_launcher() {
    "$bench_root/icmpj" --version > /dev/null || { echo "$(basename "$0"): ./icmpj does not run" >&2; exit 2; }
}

# Prints the class path of icmpj-core's and icmpj-bench's jars, for the warm library calls; builds them
# first when one is missing or older than the main sources.
library_classpath() {
    local core bench
    find_jars() {
        core="$(ls "$bench_root"/icmpj-core/target/icmpj-core-*.jar 2> /dev/null | grep -v -e sources -e javadoc -e tests | head -1)"
        bench="$(ls "$bench_root"/icmpj-bench/target/icmpj-bench-*.jar 2> /dev/null | head -1)"
    }
    find_jars
    if [[ -z $core || -z $bench || -n "$(find "$bench_root/icmpj-core/src/main" "$bench_root/icmpj-bench/src/main" \
        -newer "$bench" -print -quit)" ]]; then
        (cd "$bench_root" && ./mvnw -q -B -ntp -pl icmpj-bench -am package -DskipTests -Dspotless.check.skip) >&2 ||
            { echo "$(basename "$0"): building icmpj-bench failed" >&2; exit 2; }
        find_jars
    fi
    echo "$core:$bench"
}
