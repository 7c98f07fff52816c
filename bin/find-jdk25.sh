# Sourced, not run: defines find_jdk25, which prints the home of a JDK 25 or newer, or nothing.
# Shared by bin/simd-sgd, run-bench.sh and jmh/peers/run-peers.sh, so that all three look where
# the Maven build's toolchain discovery looks: JAVA_HOME, the java on the PATH, then the newest
# JDK in the usual install folders.

# The major version in a JDK's release file (JAVA_VERSION="25.0.1" -> 25), or empty.
jdk_release_major() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1
}

jdk_is_25_or_newer() {
  local home="$1" major
  [ -x "$home/bin/java" ] || return 1
  major="$(jdk_release_major "$home")"
  [ -n "$major" ] && [ "$major" -ge 25 ]
}

find_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_is_25_or_newer "$JAVA_HOME"; then
    echo "$JAVA_HOME"
    return 0
  fi
  local java_on_path home
  if java_on_path="$(command -v java 2>/dev/null)"; then
    home="$(dirname "$(dirname "$(readlink -f "$java_on_path")")")"
    if jdk_is_25_or_newer "$home"; then
      echo "$home"
      return 0
    fi
  fi
  local release best="" best_major=0 major dir
  for release in /usr/lib/jvm/*/release /usr/java/*/release /opt/java/*/release /opt/*/release \
      /Library/Java/JavaVirtualMachines/*/Contents/Home/release \
      "$HOME"/.sdkman/candidates/java/*/release "$HOME"/.jdks/*/release; do
    [ -f "$release" ] || continue
    dir="$(dirname "$release")"
    jdk_is_25_or_newer "$dir" || continue
    major="$(jdk_release_major "$dir")"
    if [ "$major" -gt "$best_major" ]; then
      best="$dir"
      best_major="$major"
    fi
  done
  echo "$best"
}
