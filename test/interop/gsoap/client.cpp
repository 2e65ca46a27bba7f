// Line-driven MS-WMS client for interop tests, built with gSOAP from
// samples/ms-wms.wsdl (wsdl2h, then soapcpp2 -1 -C: SOAP 1.1 client stubs;
// see build.sh next to this file).
//
//   wms-client-soap11 <endpoint URL>
//
// Reads one call per line on stdin and answers each with one JSON line on
// stdout (the protocol of test/interop/reference/line-client.ts):
//
//   <user> <password> <Operation> [<taskId> [<lastModified> | <mappedKey>]]
//
// <mappedKey> is a string, "@nil" (written as xsi:nil="true", through gSOAP's
// SOAP_XML_NIL output mode for that call) or "@absent" (element left out,
// gSOAP's default for a NULL pointer). Answers:
//
//   {"op":"...","ok":true,"result":<value>}
//   {"op":"...","ok":false,"status":<HTTP status or null>,"error":"..."}
//
// Results: every optional member is a pointer in gSOAP; NULL (absent or nil,
// which gSOAP does not tell apart) is printed as null. xs:dateTime is time_t,
// printed as "YYYY-MM-DDThh:mm:ssZ". Each call uses a fresh soap context with
// HTTP Basic credentials (soap->userid / soap->passwd) and SOAP_XML_STRICT
// input validation.

#include "soapH.h"
#include "DefaultBinding_USCOREIWorkManagementServiceApplication.nsmap"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string json_string(const char *s) {
  std::string out = "\"";
  for (const unsigned char *p = reinterpret_cast<const unsigned char *>(s); *p; ++p) {
    switch (*p) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (*p < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", *p);
          out += buf;
        } else {
          out += static_cast<char>(*p);
        }
    }
  }
  return out + "\"";
}

std::string json_bool(const bool *b) { return b ? (*b ? "true" : "false") : "null"; }
std::string json_int(const int *i) { return i ? std::to_string(*i) : "null"; }

std::string json_time(const time_t *t) {
  if (!t) return "null";
  struct tm tm;
  gmtime_r(t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return json_string(buf);
}

template <typename T>
T *val(struct soap *soap, T v) {
  T *p = static_cast<T *>(soap_malloc(soap, sizeof(T)));
  *p = v;
  return p;
}

// The mappedKey argument: a string, "@nil" or "@absent" (NULL either way; @nil
// additionally switches on SOAP_XML_NIL so the NULL is written as xsi:nil).
std::string *mapped_key(struct soap *soap, const std::string &token) {
  if (token == "@nil") {
    soap_set_omode(soap, SOAP_XML_NIL);
    return NULL;
  }
  if (token == "@absent") return NULL;
  std::string *s = soap_new_std__string(soap);
  *s = token;
  return s;
}

// Runs one call; returns the JSON of the result (called only when the call succeeded).
int run(struct soap *soap, const char *url, const std::string &op, const std::vector<std::string> &args, std::string &result) {
  const char *action = NULL;  // NULL: the soapAction of the WSDL binding
  if (op == "BeginCacheRefresh") {
    _tempuri__BeginCacheRefresh req;
    _tempuri__BeginCacheRefreshResponse res;
    if (soap_call___tempuri__BeginCacheRefresh(soap, url, action, &req, res) != SOAP_OK) return soap->error;
    const wm__CreateRefreshJobResult *r = res.BeginCacheRefreshResult;
    result = r ? "{\"CreatedJob\":" + json_bool(r->CreatedJob) + ",\"CurrentJobId\":" + json_int(r->CurrentJobId) +
                     ",\"CurrentJobIdClient\":" + json_int(r->CurrentJobIdClient) + ",\"EncounteredError\":" + json_bool(r->EncounteredError) + "}"
               : "null";
  } else if (op == "BeginExchangeSync") {
    _tempuri__BeginExchangeSync req;
    _tempuri__BeginExchangeSyncResponse res;
    if (soap_call___tempuri__BeginExchangeSync(soap, url, action, &req, res) != SOAP_OK) return soap->error;
    result = json_bool(res.BeginExchangeSyncResult);
  } else if (op == "OptIntoExchangeSync") {
    _tempuri__OptIntoExchangeSync req;
    _tempuri__OptIntoExchangeSyncResponse res;
    if (soap_call___tempuri__OptIntoExchangeSync(soap, url, action, &req, res) != SOAP_OK) return soap->error;
    result = res.OptIntoExchangeSyncResult ? json_string(soap_wm__ExchangeOptInResult2s(soap, *res.OptIntoExchangeSyncResult)) : "null";
  } else if (op == "OptOutOfExchangeSync") {
    _tempuri__OptOutOfExchangeSync req;
    _tempuri__OptOutOfExchangeSyncResponse res;
    if (soap_call___tempuri__OptOutOfExchangeSync(soap, url, action, &req, res) != SOAP_OK) return soap->error;
    result = json_bool(res.OptOutOfExchangeSyncResult);
  } else if (op == "GetExchangeSyncInfo") {
    _tempuri__GetExchangeSyncInfo req;
    _tempuri__GetExchangeSyncInfoResponse res;
    if (soap_call___tempuri__GetExchangeSyncInfo(soap, url, action, &req, res) != SOAP_OK) return soap->error;
    const wm__ExchangeUserSyncState *r = res.GetExchangeSyncInfoResult;
    result = r ? "{\"IsOptedIn\":" + json_bool(r->IsOptedIn) + ",\"LastEndTime\":" + json_time(r->LastEndTime) + ",\"LastSyncResult\":" +
                     (r->LastSyncResult ? json_string(soap_wm__ExchangeSyncResult2s(soap, *r->LastSyncResult)) : std::string("null")) + "}"
               : "null";
  } else if (op == "BeginCreateTaskPropagation" && args.size() == 1) {
    _tempuri__BeginCreateTaskPropagation req;
    _tempuri__BeginCreateTaskPropagationResponse res;
    req.taskId = val(soap, std::atoi(args[0].c_str()));
    if (soap_call___tempuri__BeginCreateTaskPropagation(soap, url, action, &req, res) != SOAP_OK) return soap->error;
    result = "null";
  } else if (op == "BeginUpdateTaskPropagation" && args.size() == 2) {
    _tempuri__BeginUpdateTaskPropagation req;
    _tempuri__BeginUpdateTaskPropagationResponse res;
    req.taskId = val(soap, std::atoi(args[0].c_str()));
    time_t t;
    if (soap_s2dateTime(soap, args[1].c_str(), &t) != SOAP_OK) return soap->error;
    req.lastModified = val(soap, t);
    if (soap_call___tempuri__BeginUpdateTaskPropagation(soap, url, action, &req, res) != SOAP_OK) return soap->error;
    result = "null";
  } else if (op == "BeginDeleteTaskPropagation" && args.size() == 2) {
    _tempuri__BeginDeleteTaskPropagation req;
    _tempuri__BeginDeleteTaskPropagationResponse res;
    req.taskId = val(soap, std::atoi(args[0].c_str()));
    req.mappedKey = mapped_key(soap, args[1]);
    if (soap_call___tempuri__BeginDeleteTaskPropagation(soap, url, action, &req, res) != SOAP_OK) return soap->error;
    result = "null";
  } else if (op == "BeginRelocateTaskPropagation" && args.size() == 2) {
    _tempuri__BeginRelocateTaskPropagation req;
    _tempuri__BeginRelocateTaskPropagationResponse res;
    req.taskId = val(soap, std::atoi(args[0].c_str()));
    req.mappedKey = mapped_key(soap, args[1]);
    if (soap_call___tempuri__BeginRelocateTaskPropagation(soap, url, action, &req, res) != SOAP_OK) return soap->error;
    result = "null";
  } else {
    return soap_sender_fault(soap, "unknown operation or wrong arguments", op.c_str());
  }
  return SOAP_OK;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <endpoint URL>   (calls on stdin: <user> <password> <Operation> [args])\n", argv[0]);
    return 2;
  }
  const char *url = argv[1];
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    if (words.size() < 3) continue;
    const std::string user = words[0], password = words[1], op = words[2];
    const std::vector<std::string> args(words.begin() + 3, words.end());

    struct soap *soap = soap_new1(SOAP_XML_STRICT);
    soap->userid = user.c_str();
    soap->passwd = password.c_str();
    std::string result;
    std::string out;
    if (run(soap, url, op, args, result) == SOAP_OK) {
      out = "{\"op\":" + json_string(op.c_str()) + ",\"ok\":true,\"result\":" + result + "}";
    } else {
      // gSOAP reports an HTTP error status (401, 415, ...) as soap->error itself; SOAP faults and
      // transport errors have small positive or negative codes.
      const int status = soap->error >= 100 && soap->error < 600 ? soap->error : 0;
      const char *str = soap_fault_string(soap);
      const char *detail = soap_fault_detail(soap);
      std::string error = std::string("gSOAP error ") + std::to_string(soap->error) + ": " + (str ? str : "") + (detail ? std::string(" / ") + detail : "");
      out = "{\"op\":" + json_string(op.c_str()) + ",\"ok\":false,\"status\":" + (status ? std::to_string(status) : "null") +
            ",\"error\":" + json_string(error.c_str()) + "}";
    }
    std::fputs(out.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
  }
  return 0;
}
