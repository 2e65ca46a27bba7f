#!/usr/bin/env bash
# Build the gSOAP rpc/literal interop server from test/golden/rpc-literal/input.wsdl (wsdl2h, soapcpp2 -j, g++).
#
#   test/interop/gsoap/build-rpc.sh [BUILD_DIR]      default ${TMPDIR:-/tmp}/wsdl2ts-gsoap-rpc, outside the repository
#
# Prints "BUILT <BUILD_DIR>/rpc-server" on success. Needs the Debian packages gsoap, libgsoap-dev and g++.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUT=${1:-${TMPDIR:-/tmp}/wsdl2ts-gsoap-rpc}
for tool in wsdl2h soapcpp2 g++; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-rpc.sh: $tool is missing; install it with: apt-get install -y gsoap libgsoap-dev g++" >&2; exit 1; }
done
mkdir -p "$OUT"
exec 9>"$OUT.lock"
flock 9
cd "$OUT"
wsdl2h -o rpc.h -t "$HERE/typemap.dat" "$REPO/test/golden/rpc-literal/input.wsdl" >wsdl2h.log 2>&1 || { cat wsdl2h.log >&2; exit 1; }
soapcpp2 -1 -S -L -x -j -I/usr/share/gsoap/import rpc.h >soapcpp2.log 2>&1 || { cat soapcpp2.log >&2; exit 1; }
g++ -std=c++11 -O1 -I. -o rpc-server "$HERE/rpc-server.cpp" soapC.cpp soapRpcBindingService.cpp -lgsoap++ >g++.log 2>&1 || { cat g++.log >&2; exit 1; }
echo "BUILT $OUT/rpc-server"
