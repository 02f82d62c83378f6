# Sourced by local/run and local/invoke: picks a JDK 25 and builds the project if needed.
# Sets JAVA_HOME and root; leaves the working directory at the repository root.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64

# Major version of the JDK at $1 (1.8 -> 8), or 0 when there is none.
java_major() {
  local version
  version="$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F' = ' '/java.specification.version/ {print $2}')" || true
  version="${version#1.}"
  echo "${version%%.*}" | grep -E '^[0-9]+$' || echo 0
}

if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  if [[ -x "$jdk25/bin/java" ]]; then
    JAVA_HOME="$jdk25"
  else
    echo "$(basename "$0"): needs JDK 25; set JAVA_HOME to one (JAVA_HOME=${JAVA_HOME:-unset})" >&2
    exit 1
  fi
fi
export JAVA_HOME

cd "$root"
# Maven's own Guice also touches sun.misc.Unsafe on JDK 25: keep its warning off the console.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
# `npm ci` reinstalls dynalite from scratch (seconds); skip it when the install matches the lockfile.
skip_npm=()
if [[ -f local/node_modules/.package-lock.json && local/node_modules/.package-lock.json -nt local/package-lock.json ]]; then
  skip_npm=(-DskipNpm)
fi
./mvnw -B -q -DskipTests "${skip_npm[@]}" package
