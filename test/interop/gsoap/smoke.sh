#!/usr/bin/env bash
# By-hand check of the gSOAP MS-WMS servers with curl (not run by CI).
#
#   test/interop/gsoap/smoke.sh [BUILD_DIR]
#
# Builds (build.sh, a no-op when up to date), starts wms-server-soap11 and
# wms-server-soap12 on free ports, sends every operation with node-soap-like
# bodies, checks the responses of README.md's table and the stderr log, stops
# the servers it started and prints "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-${TMPDIR:-/tmp}/wsdl2ts-gsoap}
command -v curl >/dev/null 2>&1 || { echo "smoke.sh: curl is missing (apt-get install -y curl)" >&2; exit 1; }
"$HERE/build.sh" "$OUT" >/dev/null || exit 1
OUT=$(realpath "$OUT")

A=http://tempuri.org/IWorkManagementServiceApplication
pass=0 fail=0
TMP=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT

start() {  # start VARIANT -> sets PORT
  local v=$1
  "$OUT/bin/wms-server-$v" 0 >"$TMP/$v.out" 2>"$TMP/$v.err" &
  pids+=($!)
  for _ in $(seq 1 50); do
    PORT=$(awk '/^LISTENING /{print $2}' "$TMP/$v.out")
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "server $v did not print LISTENING" >&2
  exit 1
}

send() {  # send 11|12 PORT OP [INNER] -> response (headers + body) on stdout
  local ver=$1 port=$2 op=$3 inner=${4:-} env
  local -a hdr
  if [ "$ver" = 11 ]; then
    env=http://schemas.xmlsoap.org/soap/envelope/
    hdr=(-H 'Content-Type: text/xml; charset=utf-8' -H "SOAPAction: \"$A/$op\"")
  else
    env=http://www.w3.org/2003/05/soap-envelope
    hdr=(-H "Content-Type: application/soap+xml; charset=utf-8; action=\"$A/$op\"")
  fi
  curl -sS -i --max-time 10 "${hdr[@]}" --data-binary \
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"$env\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:tns2=\"http://tempuri.org/\"><soap:Body><tns2:$op xmlns=\"http://tempuri.org/\">$inner</tns2:$op></soap:Body></soap:Envelope>" \
    "http://127.0.0.1:$port/WorkManagementService.svc"
}

expect() {  # expect LABEL TEXT NEEDLE...
  local label=$1 text=$2; shift 2
  local n
  for n in "$@"; do
    if ! grep -qF -- "$n" <<<"$text"; then
      echo "FAIL $label: missing $n"
      fail=$((fail + 1))
      return
    fi
  done
  pass=$((pass + 1))
}

reject() {  # reject LABEL TEXT NEEDLE: NEEDLE must not occur
  if grep -qF -- "$3" <<<"$2"; then echo "FAIL $1: unexpected $3"; fail=$((fail + 1)); else pass=$((pass + 1)); fi
}

for ver in 11 12; do
  start "soap$ver"
  p=$PORT
  if [ "$ver" = 11 ]; then ct='Content-Type: text/xml'; fcode='<faultcode>SOAP-ENV:Server</faultcode>'
  else ct='Content-Type: application/soap+xml'; fcode='<SOAP-ENV:Value>SOAP-ENV:Receiver</SOAP-ENV:Value>'; fi

  r=$(send $ver $p BeginCacheRefresh)
  expect "$ver cache#1" "$r" "HTTP/1.1 200" "$ct" '<wm:CreatedJob>true</wm:CreatedJob><wm:CurrentJobId>2</wm:CurrentJobId><wm:CurrentJobIdClient>2</wm:CurrentJobIdClient></tempuri:BeginCacheRefreshResult>'
  r=$(send $ver $p BeginCacheRefresh)
  expect "$ver cache#2" "$r" '<wm:CreatedJob>false</wm:CreatedJob><wm:CurrentJobId xsi:nil="true"/><wm:CurrentJobIdClient>-1</wm:CurrentJobIdClient><wm:EncounteredError>true</wm:EncounteredError>'
  r=$(send $ver $p BeginCacheRefresh)
  expect "$ver cache#3" "$r" '<wm:CurrentJobId>2</wm:CurrentJobId>'

  r=$(send $ver $p GetExchangeSyncInfo)
  expect "$ver sync#1" "$r" '<wm:IsOptedIn>true</wm:IsOptedIn><wm:LastSyncResult>Success</wm:LastSyncResult>'
  r=$(send $ver $p GetExchangeSyncInfo)
  expect "$ver sync#2" "$r" '<wm:IsOptedIn>false</wm:IsOptedIn><wm:LastEndTime xsi:nil="true"/><wm:LastSyncResult>NoValue</wm:LastSyncResult>'
  r=$(send $ver $p GetExchangeSyncInfo)
  expect "$ver sync#3" "$r" '<wm:LastEndTime>2024-01-02T03:04:05Z</wm:LastEndTime><wm:LastSyncResult>CouldNotGetUserCredentials</wm:LastSyncResult>'

  for want in Success UserAlreadyOptedIn MissingEmailAddress Success; do
    r=$(send $ver $p OptIntoExchangeSync)
    expect "$ver optin $want" "$r" "<tempuri:OptIntoExchangeSyncResult>$want</tempuri:OptIntoExchangeSyncResult>"
  done
  r=$(send $ver $p OptOutOfExchangeSync)
  expect "$ver optout" "$r" '<tempuri:OptOutOfExchangeSyncResult>true</tempuri:OptOutOfExchangeSyncResult>'
  r=$(send $ver $p BeginExchangeSync)
  expect "$ver exsync" "$r" '<tempuri:BeginExchangeSyncResult>true</tempuri:BeginExchangeSyncResult>'

  r=$(send $ver $p BeginCreateTaskPropagation '<tns2:taskId>41</tns2:taskId>')
  expect "$ver create" "$r" "HTTP/1.1 200" '<tempuri:BeginCreateTaskPropagationResponse></tempuri:BeginCreateTaskPropagationResponse>'
  r=$(send $ver $p BeginCreateTaskPropagation '<tns2:taskId>500</tns2:taskId>')
  expect "$ver create 500" "$r" "HTTP/1.1 500" "$ct" "$fcode" 'task 500 refused'
  r=$(send $ver $p BeginUpdateTaskPropagation '<tns2:taskId>42</tns2:taskId><tns2:lastModified>2024-01-02T03:04:05+01:00</tns2:lastModified>')
  expect "$ver update" "$r" "HTTP/1.1 200" '<tempuri:BeginUpdateTaskPropagationResponse>'
  r=$(send $ver $p BeginDeleteTaskPropagation '<tns2:taskId>43</tns2:taskId><tns2:mappedKey xsi:nil="true"></tns2:mappedKey>')
  expect "$ver delete" "$r" "HTTP/1.1 200" '<tempuri:BeginDeleteTaskPropagationResponse>'
  r=$(send $ver $p BeginRelocateTaskPropagation '<tns2:taskId>44</tns2:taskId>')
  expect "$ver relocate" "$r" "HTTP/1.1 200" '<tempuri:BeginRelocateTaskPropagationResponse>'

  sleep 0.2
  log=$(cat "$TMP/soap$ver.err")
  v=${ver:0:1}.${ver:1:1}
  expect "$ver log" "$log" \
    "{\"op\":\"BeginCreateTaskPropagation\",\"call\":2,\"taskId\":500,\"fault\":\"task 500 refused\",\"soap\":\"$v\"" \
    "{\"op\":\"BeginUpdateTaskPropagation\",\"call\":1,\"taskId\":42,\"lastModified\":\"2024-01-02T02:04:05Z\",\"soap\":\"$v\",\"action\":\"$A/BeginUpdateTaskPropagation\"}" \
    "{\"op\":\"BeginDeleteTaskPropagation\",\"call\":1,\"taskId\":43,\"mappedKey\":null," \
    "{\"op\":\"BeginRelocateTaskPropagation\",\"call\":1,\"taskId\":44,\"soap\":"
  reject "$ver log errors" "$log" '{"error"'
done

echo "gsoap smoke: $pass passed, $fail failed"
[ "$fail" = 0 ]
