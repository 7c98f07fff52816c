#!/usr/bin/env bash
# Finds libopenblas (the runtime library for netlib's JNI binding, and the headers + link library
# for the C harness) or installs Debian's libopenblas0 and libopenblas-dev with apt-get.
# Prints one line starting with "== openblas:" saying what it found; exit 0 when usable,
# exit 3 when absent and not installable (the runner then skips the native OpenBLAS peers).
# Options: --no-install  only look, never run apt-get.
set -uo pipefail
INSTALL=1
[[ "${1:-}" != "--no-install" ]] || INSTALL=0

# (ldconfig's list is read whole first: grep -q closing a pipe early would fail under pipefail)
libs() { ldconfig -p 2>/dev/null || true; }
have_runtime() { [[ "$(libs)" == *"libopenblas.so.0 "* ]]; }
have_dev() {
  [[ "$(libs)" == *"libopenblas.so "* ]] || return 1
  local h
  for h in /usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h /usr/include/openblas/cblas.h \
           /usr/include/x86_64-linux-gnu/cblas.h /usr/include/cblas.h; do
    [[ -f "$h" ]] && return 0
  done
  return 1
}
# netlib's JNI binding loads libblas.so.3: it must resolve to OpenBLAS, not the reference BLAS.
blas3_target() { readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true; }

if ! { have_runtime && have_dev; }; then
  if [[ "$INSTALL" == 1 ]]; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
      echo "== openblas: not found, installing Debian's libopenblas0 and libopenblas-dev (apt-get)"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null 2>&1 || true
      apt-get install -y -qq libopenblas0 libopenblas-dev >/dev/null 2>&1 \
        || echo "== openblas: apt-get install libopenblas0 libopenblas-dev FAILED"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      echo "== openblas: not found, installing with sudo apt-get"
      sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0 libopenblas-dev >/dev/null 2>&1 \
        || echo "== openblas: sudo apt-get install FAILED"
    fi
  fi
fi
if have_runtime && have_dev; then
  target="$(blas3_target)"
  case "$target" in
    *openblas*) echo "== openblas: present ($(libs | awk '/libopenblas\.so\.0 /{print $NF; exit}'); libblas.so.3 -> $target)" ;;
    *) echo "== openblas: present, but libblas.so.3 -> ${target:-nothing}, not OpenBLAS: netlib's JNI peer would time another BLAS (fix: update-alternatives --config libblas.so.3-x86_64-linux-gnu)"
       exit 3 ;;
  esac
  exit 0
fi
echo "== openblas: ABSENT and could not be installed (needs root or sudo and Debian's apt: apt-get install libopenblas0 libopenblas-dev); the native OpenBLAS peers (JNI and the C harness) will be skipped"
exit 3
