#!/usr/bin/env bash
# Build the Mono WCF MS-WMS interop client: svcutil generates the proxy from a
# WSDL file (given to it as a file:// URL), mcs compiles it with client.cs.
#
#   test/interop/mono/build.sh WSDL_FILE [BUILD_DIR]
#
# WSDL_FILE is the reference service's ?wsdl, saved by the test with the
# port-specific soap:address replaced by a fixed one (the client is given the
# real endpoint at run time), so the build does not change from run to run.
# BUILD_DIR defaults to ${TMPDIR:-/tmp}/wsdl2ts-mono and must be outside the
# repository. Result: BUILD_DIR/wms-client.exe (run it with mono). The last
# line printed on success is "BUILT <BUILD_DIR>/wms-client.exe".
#
# Idempotent: when the WSDL, client.cs, this script and the installed Mono
# are unchanged since the last successful build, nothing is rebuilt (FORCE=1
# rebuilds). Concurrent runs wait for each other (flock on BUILD_DIR.lock).
# Needs the Debian packages mono-devel (mono, mcs, svcutil) and
# libmono-system-servicemodel4.0a-cil (System.ServiceModel.dll).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
CLIENT_SRC=$HERE/client.cs
HINT="apt-get install -y mono-devel libmono-system-servicemodel4.0a-cil"

die() { echo "build.sh: $*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: build.sh WSDL_FILE [BUILD_DIR]"
WSDL=$(realpath "$1")
[ -f "$WSDL" ] || die "WSDL not found: $1"
OUT=${2:-${TMPDIR:-/tmp}/wsdl2ts-mono}

missing=()
for tool in mono mcs svcutil; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
MONO_LIB=/usr/lib/mono/4.5
for dll in System.ServiceModel.dll System.Runtime.Serialization.dll; do
  [ -f "$MONO_LIB/$dll" ] || missing+=("$dll")
done
[ ${#missing[@]} -eq 0 ] || die "Mono is missing (${missing[*]}); install it with: $HINT"

OUT=$(realpath -m "$OUT")
case "$OUT/" in
  "$(realpath "$REPO")"/*) die "build folder $OUT is inside the repository; pass a folder outside it" ;;
esac
mkdir -p "$OUT"
exec 9>"$OUT.lock"
flock 9

MONO_VERSION=$(mono --version 2>/dev/null | head -n1 || true)
STAMP=$(
  {
    for f in "$WSDL" "$CLIENT_SRC" "${BASH_SOURCE[0]}"; do sha256sum <"$f"; done
    echo "$MONO_VERSION"
  } | sha256sum | cut -d' ' -f1
)
if [ "${FORCE:-0}" != 1 ] && [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$STAMP" ] && [ -f "$OUT/wms-client.exe" ]; then
  echo "up to date: $OUT/wms-client.exe (FORCE=1 to rebuild)"
  echo "BUILT $OUT/wms-client.exe"
  exit 0
fi
rm -f "$OUT/.stamp" "$OUT/wms-client.exe" "$OUT/proxy.cs"
start=$(date +%s)

# 1. svcutil wants a URL: the saved WSDL as file://. --noConfig: the client
#    builds its binding in code (BasicHttpBinding, Basic over http).
cp "$WSDL" "$OUT/ms-wms.wsdl"
(
  cd "$OUT"
  svcutil --noLogo --noConfig -o proxy.cs "file://$OUT/ms-wms.wsdl" >svcutil.log 2>&1
) || { cat "$OUT/svcutil.log" >&2; die "svcutil failed"; }
[ -f "$OUT/proxy.cs" ] || { cat "$OUT/svcutil.log" >&2; die "svcutil wrote no proxy.cs"; }

# 2. mcs: the proxy and the line-driven client.
mcs -nologo -out:"$OUT/wms-client.exe" -r:System.ServiceModel.dll -r:System.Runtime.Serialization.dll \
  "$OUT/proxy.cs" "$CLIENT_SRC" >"$OUT/mcs.log" 2>&1 || { cat "$OUT/mcs.log" >&2; die "mcs failed"; }

echo "$STAMP" >"$OUT/.stamp"
echo "built in $(( $(date +%s) - start ))s with ${MONO_VERSION:-mono ?}"
echo "BUILT $OUT/wms-client.exe"
