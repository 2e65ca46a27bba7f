#!/usr/bin/env bash
# Build the gSOAP MTOM interop peers from test/golden/mtom/input.wsdl (wsdl2h, soapcpp2 -j, g++): a server that
# answers with MTOM (SOAP_ENC_MTOM: base64Binary content as XOP parts) and a client that sends MTOM requests.
#
#   test/interop/gsoap/build-mtom.sh [BUILD_DIR]      default ${TMPDIR:-/tmp}/wsdl2ts-gsoap-mtom, outside the repository
#
# Prints "BUILT <BUILD_DIR>" on success. Needs the Debian packages gsoap, libgsoap-dev and g++.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUT=${1:-${TMPDIR:-/tmp}/wsdl2ts-gsoap-mtom}
for tool in wsdl2h soapcpp2 g++; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-mtom.sh: $tool is missing; install it with: apt-get install -y gsoap libgsoap-dev g++" >&2; exit 1; }
done
mkdir -p "$OUT"
exec 9>"$OUT.lock"
flock 9
cd "$OUT"
wsdl2h -o files.h "$REPO/test/golden/mtom/input.wsdl" >wsdl2h.log 2>&1 || { cat wsdl2h.log >&2; exit 1; }
soapcpp2 -L -x -j -I/usr/share/gsoap/import files.h >soapcpp2.log 2>&1 || { cat soapcpp2.log >&2; exit 1; }
g++ -std=c++11 -O1 -I. -o mtom-server "$HERE/mtom-server.cpp" soapC.cpp soapFiles11Service.cpp -lgsoap++ >g++.log 2>&1 || { cat g++.log >&2; exit 1; }
g++ -std=c++11 -O1 -I. -o mtom-client "$HERE/mtom-client.cpp" soapC.cpp soapFiles11Proxy.cpp -lgsoap++ >>g++.log 2>&1 || { cat g++.log >&2; exit 1; }
echo "BUILT $OUT"
