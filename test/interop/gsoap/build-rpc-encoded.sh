#!/usr/bin/env bash
# Build the gSOAP rpc/encoded interop server from test/interop/gsoap/rpc-encoded.h (soapcpp2 -1 -e: SOAP 1.1, SOAP
# encoding; g++), and check that the WSDL soapcpp2 writes is test/golden/rpc-encoded/input.wsdl.
#
#   test/interop/gsoap/build-rpc-encoded.sh [BUILD_DIR]   default ${TMPDIR:-/tmp}/wsdl2ts-gsoap-rpc-encoded
#
# Prints "BUILT <BUILD_DIR>/rpc-encoded-server <BUILD_DIR>/rpc-encoded-server-typed" on success. Needs the Debian packages gsoap, libgsoap-dev and g++.
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
# -1 SOAP 1.1, -e SOAP RPC encoding (soapenc:Array for __ptr/__size classes), -S server, -L no library, -x no samples,
# -j C++ service class. Built twice: as is (gSOAP then writes xsi:type only where it must: multi-reference values) and
# with -t, which makes it write xsi:type on every value and soapenc:arrayType on every array.
for variant in plain typed; do
  mkdir -p "$variant"
  flags=(-1 -e -S -L -x -j)
  [ "$variant" = typed ] && flags+=(-t)
  (cd "$variant" && soapcpp2 "${flags[@]}" -I/usr/share/gsoap/import "$HERE/rpc-encoded.h" >soapcpp2.log 2>&1) || { cat "$variant/soapcpp2.log" >&2; exit 1; }
  cmp -s "$variant/EncService.wsdl" "$REPO/test/golden/rpc-encoded/input.wsdl" || { echo "build-rpc-encoded.sh: soapcpp2 wrote a WSDL that differs from test/golden/rpc-encoded/input.wsdl:" >&2; diff "$variant/EncService.wsdl" "$REPO/test/golden/rpc-encoded/input.wsdl" >&2 || true; exit 1; }
done
g++ -std=c++11 -O1 -Iplain -o rpc-encoded-server "$HERE/rpc-encoded-server.cpp" plain/soapC.cpp plain/soapEncServiceService.cpp -lgsoap++ >g++.log 2>&1 || { cat g++.log >&2; exit 1; } &
plain=$!
g++ -std=c++11 -O1 -Ityped -o rpc-encoded-server-typed "$HERE/rpc-encoded-server.cpp" typed/soapC.cpp typed/soapEncServiceService.cpp -lgsoap++ >g++-typed.log 2>&1 || { cat g++-typed.log >&2; exit 1; } &
typed=$!
wait "$plain" || exit 1
wait "$typed" || exit 1
echo "BUILT $OUT/rpc-encoded-server $OUT/rpc-encoded-server-typed"
