#!/usr/bin/env bash
# Build the gSOAP MS-WMS interop servers (SOAP 1.1 and SOAP 1.2) and the
# gSOAP MS-WMS client (SOAP 1.1) from samples/ms-wms.wsdl. See README.md next
# to this file.
#
#   test/interop/gsoap/build.sh [BUILD_DIR]
#
# BUILD_DIR defaults to ${TMPDIR:-/tmp}/wsdl2ts-gsoap and must be outside the
# repository. Results:
#   BUILD_DIR/bin/wms-server-soap11   (soapcpp2 -1, text/xml)
#   BUILD_DIR/bin/wms-server-soap12   (soapcpp2 -2, application/soap+xml)
#   BUILD_DIR/bin/wms-client-soap11   (soapcpp2 -1 -C, text/xml; client.cpp)
# The last line printed on success is "BUILT <BUILD_DIR>/bin".
#
# Idempotent: when the WSDL, typemap, server.cpp, client.cpp, this script and the
# installed gSOAP are unchanged since the last successful build, nothing is
# rebuilt (set FORCE=1 to rebuild anyway). Concurrent runs on the same
# BUILD_DIR wait for each other (flock on BUILD_DIR.lock). Needs the Debian packages
# gsoap and libgsoap-dev (wsdl2h, soapcpp2, stdsoap2.h, libgsoap++) and g++.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
WSDL=$REPO/samples/ms-wms.wsdl
TYPEMAP=$HERE/typemap.dat
SERVER_SRC=$HERE/server.cpp
CLIENT_SRC=$HERE/client.cpp
OUT=${1:-${TMPDIR:-/tmp}/wsdl2ts-gsoap}

die() { echo "build.sh: $*" >&2; exit 1; }

missing=()
for tool in wsdl2h soapcpp2; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -f /usr/include/stdsoap2.h ] || missing+=("stdsoap2.h")
if command -v pkg-config >/dev/null 2>&1; then
  pkg-config --exists gsoap++ || missing+=("gsoap++.pc")
fi
if [ ${#missing[@]} -gt 0 ]; then
  die "gSOAP is missing (${missing[*]}); install it with: apt-get install -y gsoap libgsoap-dev"
fi
command -v g++ >/dev/null 2>&1 || die "g++ is missing; install it with: apt-get install -y g++"
[ -f "$WSDL" ] || die "WSDL not found: $WSDL"

OUT=$(realpath -m "$OUT")
REPO_REAL=$(realpath "$REPO")
case "$OUT/" in
  "$REPO_REAL"/*) die "build folder $OUT is inside the repository; pass a folder outside it" ;;
esac
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
case "$OUT/" in
  "$REPO_REAL"/*) die "build folder $OUT is inside the repository; pass a folder outside it" ;;
esac
# Jest runs the gSOAP server and client tests in parallel workers: one build at a time.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$OUT.lock"
  flock 9
fi

# Compiler flags must match how Debian built libgsoap++ (struct soap layout
# depends on WITH_IPV6 / WITH_DOM), so take them from pkg-config.
if command -v pkg-config >/dev/null 2>&1; then
  GSOAP_CFLAGS=$(pkg-config --cflags gsoap++)
  GSOAP_LIBS=$(pkg-config --libs gsoap++)
else
  GSOAP_CFLAGS="-DWITH_IPV6 -DWITH_DOM"
  GSOAP_LIBS="-lgsoap++"
fi

GSOAP_VERSION=$(soapcpp2 -V 2>/dev/null | head -n1 || true)
STAMP=$(
  {
    for f in "$WSDL" "$TYPEMAP" "$SERVER_SRC" "$CLIENT_SRC" "${BASH_SOURCE[0]}"; do sha256sum <"$f"; done
    echo "$GSOAP_VERSION $GSOAP_CFLAGS $GSOAP_LIBS"
  } | sha256sum | cut -d' ' -f1
)
if [ "${FORCE:-0}" != 1 ] && [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$STAMP" ] \
   && [ -x "$OUT/bin/wms-server-soap11" ] && [ -x "$OUT/bin/wms-server-soap12" ] && [ -x "$OUT/bin/wms-client-soap11" ]; then
  echo "up to date: $OUT/bin (FORCE=1 to rebuild)"
  echo "BUILT $OUT/bin"
  exit 0
fi
rm -f "$OUT/.stamp"
start=$(date +%s)

# 1. wsdl2h. The WSDL has no wsdl:service: wsdl2h accepts that (it only
#    means the generated code has no default endpoint URL, which a server
#    does not need), so the WSDL is used as it is, from a copy in the build
#    folder. -P: no xsd__anyType base class / polymorphic wrappers;
#    -O4: drop unused schema components; -t: fixed namespace prefixes.
rm -rf "$OUT/wsdl2h" "$OUT/soap11" "$OUT/soap12" "$OUT/client11" "$OUT/bin"
mkdir -p "$OUT/wsdl2h" "$OUT/soap11" "$OUT/soap12" "$OUT/client11" "$OUT/bin"
cp "$WSDL" "$OUT/wsdl2h/ms-wms.wsdl"
cp "$TYPEMAP" "$OUT/wsdl2h/typemap.dat"
(
  cd "$OUT/wsdl2h"
  wsdl2h -P -O4 -t typemap.dat -o wms.h ms-wms.wsdl >wsdl2h.log 2>&1
) || { cat "$OUT/wsdl2h/wsdl2h.log" >&2; die "wsdl2h failed"; }

# 2. soapcpp2, once per SOAP version: -S server side only, -L no soapClientLib
#    / soapServerLib, -x no sample XML messages, -1 / -2 SOAP 1.1 / 1.2.
IMPORT_DIR=/usr/share/gsoap/import
for v in 1 2; do
  dir=$OUT/soap1$v
  soapcpp2 -$v -S -L -x -I"$IMPORT_DIR" -d "$dir" "$OUT/wsdl2h/wms.h" >"$dir/soapcpp2.log" 2>&1 \
    || { cat "$dir/soapcpp2.log" >&2; die "soapcpp2 -$v failed"; }
done
#    The client: -C client side only, -1 SOAP 1.1.
soapcpp2 -1 -C -L -x -I"$IMPORT_DIR" -d "$OUT/client11" "$OUT/wsdl2h/wms.h" >"$OUT/client11/soapcpp2.log" 2>&1 \
  || { cat "$OUT/client11/soapcpp2.log" >&2; die "soapcpp2 -1 -C failed"; }

# 3. g++, the three programs in parallel.
compile() {
  local v=$1 dir=$OUT/soap1$1
  # shellcheck disable=SC2086
  g++ -std=c++11 -O1 -pthread $GSOAP_CFLAGS -I"$dir" \
    -o "$OUT/bin/wms-server-soap1$v" \
    "$SERVER_SRC" "$dir/soapC.cpp" "$dir/soapServer.cpp" \
    $GSOAP_LIBS >"$dir/g++.log" 2>&1
}
compile_client() {
  local dir=$OUT/client11
  # shellcheck disable=SC2086
  g++ -std=c++11 -O1 $GSOAP_CFLAGS -I"$dir" \
    -o "$OUT/bin/wms-client-soap11" \
    "$CLIENT_SRC" "$dir/soapC.cpp" "$dir/soapClient.cpp" \
    $GSOAP_LIBS >"$dir/g++.log" 2>&1
}
compile 1 & pid1=$!
compile 2 & pid2=$!
compile_client & pid3=$!
ok=1
wait "$pid1" || { cat "$OUT/soap11/g++.log" >&2; ok=0; }
wait "$pid2" || { cat "$OUT/soap12/g++.log" >&2; ok=0; }
wait "$pid3" || { cat "$OUT/client11/g++.log" >&2; ok=0; }
[ "$ok" = 1 ] || die "g++ failed"

echo "$STAMP" >"$OUT/.stamp"
echo "built in $(( $(date +%s) - start ))s with gSOAP ${GSOAP_VERSION:-?}:"
echo "  $OUT/bin/wms-server-soap11   (SOAP 1.1)"
echo "  $OUT/bin/wms-server-soap12   (SOAP 1.2)"
echo "  $OUT/bin/wms-client-soap11   (SOAP 1.1 client)"
echo "BUILT $OUT/bin"
