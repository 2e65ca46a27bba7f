#!/usr/bin/env bash
# Build the gSOAP rpc/encoded interop servers from test/interop/gsoap/rpc-encoded.h (soapcpp2 -e: SOAP encoding; g++),
# and check that the WSDLs soapcpp2 writes are the golden inputs (test/golden/rpc-encoded, rpc-encoded-12).
#
#   test/interop/gsoap/build-rpc-encoded.sh [BUILD_DIR]   default ${TMPDIR:-/tmp}/wsdl2ts-gsoap-rpc-encoded
#
# Prints "BUILT <the three servers>" on success. Needs the Debian packages gsoap, libgsoap-dev and g++.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUT=${1:-${TMPDIR:-/tmp}/wsdl2ts-gsoap-rpc-encoded}
for tool in soapcpp2 g++; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-rpc-encoded.sh: $tool is missing; install it with: apt-get install -y gsoap libgsoap-dev g++" >&2; exit 1; }
done
mkdir -p "$OUT"
exec 9>"$OUT.lock"
flock 9
cd "$OUT"
# -e SOAP RPC encoding (soapenc:Array for __ptr/__size classes), -S server, -L no library, -x no samples, -j C++
# service class. Three servers: SOAP 1.1 (-1) as is (gSOAP then writes xsi:type only where it must: multi-reference
# values), SOAP 1.1 with -t (xsi:type on every value), and SOAP 1.2 (-2: SOAP 1.2 encoding, enc:id/enc:ref), whose WSDL
# is test/golden/rpc-encoded-12/input.wsdl.
pids=()
for variant in plain typed soap12; do
  mkdir -p "$variant"
  case $variant in
    plain) flags=(-1); golden=rpc-encoded; bin=rpc-encoded-server ;;
    typed) flags=(-1 -t); golden=rpc-encoded; bin=rpc-encoded-server-typed ;;
    soap12) flags=(-2); golden=rpc-encoded-12; bin=rpc-encoded-server-12 ;;
  esac
  (cd "$variant" && soapcpp2 "${flags[@]}" -e -S -L -x -j -I/usr/share/gsoap/import "$HERE/rpc-encoded.h" >soapcpp2.log 2>&1) || { cat "$variant/soapcpp2.log" >&2; exit 1; }
  cmp -s "$variant/EncService.wsdl" "$REPO/test/golden/$golden/input.wsdl" || { echo "build-rpc-encoded.sh: soapcpp2 ${flags[*]} -e wrote a WSDL that differs from test/golden/$golden/input.wsdl:" >&2; diff "$variant/EncService.wsdl" "$REPO/test/golden/$golden/input.wsdl" >&2 || true; exit 1; }
  g++ -std=c++11 -O1 -I"$variant" -o "$bin" "$HERE/rpc-encoded-server.cpp" "$variant/soapC.cpp" "$variant/soapEncServiceService.cpp" -lgsoap++ >"g++-$variant.log" 2>&1 || { cat "g++-$variant.log" >&2; exit 1; } &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || exit 1; done
echo "BUILT $OUT/rpc-encoded-server $OUT/rpc-encoded-server-typed $OUT/rpc-encoded-server-12"
