#!/bin/sh
# Smoke test of server.py with curl: starts it on a free port, sends
# request bodies modelled on /work/shared/reference/client-wire-samples.md
# (node-soap, zeep, gSOAP, Mono WCF/ASMX styles) for all 9 operations and
# prints each HTTP status + response body; the server's stderr JSON lines are
# printed at the end. Usage: sh test/interop/spyne/verify.sh
set -u
DIR=$(cd "$(dirname "$0")" && pwd)
OUT=$(mktemp -d)
/usr/bin/python3 "$DIR/server.py" 0 >"$OUT/stdout" 2>"$OUT/stderr" &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$OUT"' EXIT
i=0
while ! grep -q '^LISTENING ' "$OUT/stdout" 2>/dev/null; do
  i=$((i + 1)); [ $i -gt 100 ] && { echo "server did not start"; cat "$OUT/stderr"; exit 1; }
  sleep 0.1
done
PORT=$(awk '/^LISTENING/ {print $2}' "$OUT/stdout")
URL="http://127.0.0.1:$PORT/WorkManagementService.svc"
A=http://tempuri.org/IWorkManagementServiceApplication

# post <label> <operation> <body> [soapaction override]
post() {
  action=${4-"\"$A/$2\""}
  echo "=== $1 ($2)"
  curl -s -o "$OUT/resp" -w 'HTTP %{http_code} %{content_type}\n' \
    -H 'Content-Type: text/xml; charset=utf-8' -H "SOAPAction: $action" \
    --data-binary "$3" "$URL"
  cat "$OUT/resp"; echo
}

NS='<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
# node-soap style (prefixed wrapper + default namespace)
nodesoap() { echo "<?xml version=\"1.0\" encoding=\"utf-8\"?>$NS<soap:Body><tns2:$1 xmlns:tns2=\"http://tempuri.org/\" xmlns=\"http://tempuri.org/\">$2</tns2:$1></soap:Body></soap:Envelope>"; }
# zeep style (WS-Addressing headers)
zeep() { echo "<?xml version='1.0' encoding='utf-8'?><soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap-env:Header xmlns:wsa=\"http://www.w3.org/2005/08/addressing\"><wsa:Action>$A/$1</wsa:Action><wsa:MessageID>urn:uuid:062b3114-e64a-45c1-94c6-55fef083e8f7</wsa:MessageID><wsa:To>$URL</wsa:To></soap-env:Header><soap-env:Body><ns0:$1 xmlns:ns0=\"http://tempuri.org/\">$2</ns0:$1></soap-env:Body></soap-env:Envelope>"; }
# Mono WCF style (default namespace, i:nil)
mono() { echo "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><$1 xmlns=\"http://tempuri.org/\">$2</$1></s:Body></s:Envelope>"; }
# gSOAP style
gsoap() { echo "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:tempuri=\"http://tempuri.org/\"><SOAP-ENV:Body><tempuri:$1>$2</tempuri:$1></SOAP-ENV:Body></SOAP-ENV:Envelope>"; }

post "cache #1 node-soap" BeginCacheRefresh "$(nodesoap BeginCacheRefresh '')"
post "cache #2 zeep" BeginCacheRefresh "$(zeep BeginCacheRefresh '')"
post "cache #3 mono" BeginCacheRefresh "$(mono BeginCacheRefresh '')"
post "exchsync" BeginExchangeSync "$(zeep BeginExchangeSync '')"
post "optin #1" OptIntoExchangeSync "$(mono OptIntoExchangeSync '')"
post "optin #2" OptIntoExchangeSync "$(gsoap OptIntoExchangeSync '')"
post "optin #3" OptIntoExchangeSync "$(nodesoap OptIntoExchangeSync '')"
post "optin #4" OptIntoExchangeSync "$(zeep OptIntoExchangeSync '')"
post "optout" OptOutOfExchangeSync "$(nodesoap OptOutOfExchangeSync '')"
post "syncinfo #1" GetExchangeSyncInfo "$(zeep GetExchangeSyncInfo '')"
post "syncinfo #2" GetExchangeSyncInfo "$(mono GetExchangeSyncInfo '')"
post "syncinfo #3" GetExchangeSyncInfo "$(gsoap GetExchangeSyncInfo '')"
post "syncinfo #4" GetExchangeSyncInfo "$(nodesoap GetExchangeSyncInfo '')"
post "create" BeginCreateTaskPropagation "$(gsoap BeginCreateTaskPropagation '<tempuri:taskId>41</tempuri:taskId>')"
post "create 500 (fault)" BeginCreateTaskPropagation "$(mono BeginCreateTaskPropagation '<taskId>500</taskId>')"
post "create no taskId" BeginCreateTaskPropagation "$(zeep BeginCreateTaskPropagation '')"
post "update zeep" BeginUpdateTaskPropagation "$(zeep BeginUpdateTaskPropagation '<ns0:taskId>42</ns0:taskId><ns0:lastModified>2024-01-02T03:04:05+00:00</ns0:lastModified>')"
post "update mono" BeginUpdateTaskPropagation "$(mono BeginUpdateTaskPropagation '<taskId>42</taskId><lastModified>2024-01-02T03:04:05Z</lastModified>')"
post "update node-soap (empty lastModified)" BeginUpdateTaskPropagation "$(nodesoap BeginUpdateTaskPropagation '<tns2:taskId>42</tns2:taskId><tns2:lastModified></tns2:lastModified>')"
post "delete node-soap nil" BeginDeleteTaskPropagation "$(nodesoap BeginDeleteTaskPropagation '<tns2:taskId>43</tns2:taskId><tns2:mappedKey xsi:nil="true"></tns2:mappedKey>')"
post "delete mono i:nil" BeginDeleteTaskPropagation "$(mono BeginDeleteTaskPropagation '<taskId>43</taskId><mappedKey i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" />')"
post "delete zeep absent" BeginDeleteTaskPropagation "$(zeep BeginDeleteTaskPropagation '<ns0:taskId>43</ns0:taskId>')"
post "relocate value" BeginRelocateTaskPropagation "$(gsoap BeginRelocateTaskPropagation '<tempuri:taskId>44</tempuri:taskId><tempuri:mappedKey>k-44</tempuri:mappedKey>')"
post "relocate empty string" BeginRelocateTaskPropagation "$(mono BeginRelocateTaskPropagation '<taskId>45</taskId><mappedKey></mappedKey>')"
post "wrong SOAPAction (fault)" OptOutOfExchangeSync "$(nodesoap OptOutOfExchangeSync '')" "\"$A/BeginExchangeSync\""
post "unqualified child (fault)" BeginCreateTaskPropagation "$(gsoap BeginCreateTaskPropagation '<taskId>46</taskId>')"
echo "=== GET ?wsdl"
curl -s -o "$OUT/wsdl" -w 'HTTP %{http_code} %{content_type} %{size_download} bytes\n' "$URL?wsdl"
echo "=== GET /other (404)"
curl -s -o /dev/null -w 'HTTP %{http_code}\n' "http://127.0.0.1:$PORT/other"
echo "=== server stderr"
cat "$OUT/stderr"
