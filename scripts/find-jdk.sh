# Sourced by ./icmpj, ./verify, .ci/run and the icmpj-bench scripts: finds a JDK 25 or newer.
# The version is read from the JDK's `release` file, so no JVM is started just to ask.

# Prints the major version of the JDK at $1 (0 when it is not a JDK).
jdk_major() {
    local line version=0
    [[ -x "$1/bin/java" && -r "$1/release" ]] || { echo 0; return; }
    while IFS= read -r line; do
        if [[ $line =~ ^JAVA_VERSION=\"(1\.)?([0-9]+) ]]; then
            version="${BASH_REMATCH[2]}"
        fi
    done < "$1/release"
    echo "$version"
}

# Prints the home of a JDK 25+: $JAVA_HOME, else /usr/lib/jvm/*25*, else `java` on the PATH; fails if none.
find_jdk() {
    local candidate
    if [[ -n "${JAVA_HOME:-}" && $(jdk_major "$JAVA_HOME") -ge 25 ]]; then
        echo "$JAVA_HOME"
        return
    fi
    for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25*; do
        if [[ $(jdk_major "$candidate") -ge 25 ]]; then
            echo "$candidate"
            return
        fi
    done
    if command -v java > /dev/null; then
        candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
        if [[ $(jdk_major "$candidate") -ge 25 ]]; then
            echo "$candidate"
            return
        fi
    fi
    return 1
}

# Exports JAVA_HOME as a JDK 25+, or prints how to get one and exits 2.
require_jdk25() {
    if ! JAVA_HOME="$(find_jdk)"; then
        echo "icmpj: needs Java 25 or newer: none found in \$JAVA_HOME, /usr/lib/jvm or the PATH." \
            "Install one (e.g. Temurin 25 from https://adoptium.net, or 'sdk install java 25-tem') and set JAVA_HOME to it." >&2
        exit 2
    fi
    export JAVA_HOME
}
