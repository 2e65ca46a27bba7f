// Independent MS-WMS SOAP server for interop tests, built with gSOAP from
// samples/ms-wms.wsdl (wsdl2h + soapcpp2, see build.sh next to this file).
//
//   wms-server-soap11 <port>     SOAP 1.1 (text/xml)           soapcpp2 -1
//   wms-server-soap12 <port>     SOAP 1.2 (application/soap+xml) soapcpp2 -2
//
// Listens on 127.0.0.1:<port> (port 0 or no argument: a free port chosen by
// the kernel) and prints "LISTENING <port>" on stdout once it accepts
// connections. One thread per connection, HTTP keep-alive supported.
//
// Answers are FIXED and depend only on the operation and on how many times
// that operation has been called since the server started (per-operation
// counter, starting at 1, shared by all connections). The table is in
// README.md; keep both in sync.
//
// stderr carries exactly one JSON object per line:
//   - one per handled request:
//       {"op":"BeginDeleteTaskPropagation","call":1,"taskId":43,"mappedKey":null,"soap":"1.1","action":"..."}
//     taskId / lastModified / mappedKey appear only for the operations that
//     have them, and only when the element was present in the request;
//     "mappedKey":null means the element was sent with xsi:nil="true";
//     lastModified is normalised to UTC ("...Z"); "fault" is added when the
//     operation answers with a SOAP Fault (taskId 500).
//   - one per request gSOAP rejected before reaching an operation (parse
//     error, unknown element, ...):
//       {"error":"<fault string>","detail":"<fault detail or empty>"}

#include "soapH.h"
#include "DefaultBinding_USCOREIWorkManagementServiceApplication.nsmap"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace {

std::mutex g_mutex;                     // guards g_calls and stderr output
std::map<std::string, long> g_calls;    // operation name -> number of calls so far

long next_call(const char *op) {
  std::lock_guard<std::mutex> lock(g_mutex);
  return ++g_calls[op];
}

void log_line(const std::string &json) {
  std::lock_guard<std::mutex> lock(g_mutex);
  std::fputs(json.c_str(), stderr);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

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

std::string iso_utc(time_t t) {
  char buf[32];
  struct tm tm;
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// ---------------------------------------------------------------------------
// Per-connection raw body capture. gSOAP maps both an absent element and an
// element with xsi:nil="true" to a NULL pointer, so to tell them apart for
// mappedKey the server looks at the request body itself. fpreparerecv sees
// the HTTP body (after headers, de-chunked); fpreparefinalrecv marks the end
// of one request so the next one starts with an empty buffer.
struct Conn {
  std::string body;
  bool complete = false;
  bool handled = false;  // an operation function ran for the current request
};

int on_recv(struct soap *soap, const char *buf, size_t len) {
  Conn *c = static_cast<Conn *>(soap->user);
  if (c) {
    if (c->complete) {
      c->body.clear();
      c->complete = false;
      c->handled = false;
    }
    c->body.append(buf, len);
  }
  return SOAP_OK;
}

int on_final_recv(struct soap *soap) {
  Conn *c = static_cast<Conn *>(soap->user);
  if (c) c->complete = true;
  return SOAP_OK;
}

// Called by soap_serve after each response on a keep-alive connection.
int on_serve_loop(struct soap *soap) {
  soap_clr_omode(soap, SOAP_XML_NIL);
  return SOAP_OK;
}

// How <mappedKey> (any prefix) appears in the current request body:
// 0 = absent, 1 = present, 2 = present with xsi:nil="true" (or "1").
int element_state(struct soap *soap, const char *local) {
  Conn *c = static_cast<Conn *>(soap->user);
  if (!c) return 0;
  std::regex start_tag(std::string("<(?:[A-Za-z_][-.\\w]*:)?") + local + "(\\s[^>]*)?/?>");
  std::smatch m;
  if (!std::regex_search(c->body, m, start_tag)) return 0;
  static const std::regex nil_attr("(?:^|\\s)(?:[A-Za-z_][-.\\w]*:)?nil\\s*=\\s*[\"']\\s*(?:true|1)\\s*[\"']");
  std::string attrs = m[1].str();
  return std::regex_search(attrs, nil_attr) ? 2 : 1;
}

std::string common_tail(struct soap *soap) {
  std::string s = ",\"soap\":";
  s += (soap->version == 2) ? "\"1.2\"" : "\"1.1\"";
  s += ",\"action\":";
  s += soap->action ? json_string(soap->action) : "null";
  return s + "}";
}

std::string head(const char *op, long call) {
  return std::string("{\"op\":\"") + op + "\",\"call\":" + std::to_string(call);
}

// Start of every operation: count the call and reset the nil output mode.
long begin_op(struct soap *soap, const char *op) {
  soap_clr_omode(soap, SOAP_XML_NIL);
  if (Conn *c = static_cast<Conn *>(soap->user)) c->handled = true;
  return next_call(op);
}

template <class T>
T *val(struct soap *soap, T v) {
  T *p = static_cast<T *>(soap_malloc(soap, sizeof(T)));
  *p = v;
  return p;
}

void log_task_op(struct soap *soap, const char *op, long call, const int *taskId,
                 const time_t *lastModified, bool has_mapped_key, const std::string *mappedKey,
                 const char *fault = NULL) {
  std::string s = head(op, call);
  if (taskId) s += ",\"taskId\":" + std::to_string(*taskId);
  if (lastModified) s += ",\"lastModified\":" + json_string(iso_utc(*lastModified).c_str());
  if (has_mapped_key) {
    switch (element_state(soap, "mappedKey")) {
      case 2: s += ",\"mappedKey\":null"; break;
      case 1: s += ",\"mappedKey\":" + json_string(mappedKey ? mappedKey->c_str() : ""); break;
      default: break;  // absent: no key
    }
  }
  if (fault) s += ",\"fault\":" + json_string(fault);
  log_line(s + common_tail(soap));
}

void serve_connection(struct soap *soap) {
  Conn conn;
  soap->user = &conn;
  // A fault returned by an operation (taskId 500) is already on its "op"
  // line; only requests rejected before reaching an operation get an
  // "error" line.
  if (soap_serve(soap) != SOAP_OK && !conn.handled) {
    if (soap->error == SOAP_EOF && !conn.body.empty() && !conn.complete) {
      // gSOAP skips unknown elements while looking for the Envelope/Body,
      // hits the end of the body, reports SOAP_EOF and has already closed
      // the socket: the client gets no response at all. Log it at least.
      log_line("{\"error\":\"malformed or non-SOAP request body (no Envelope/Body before its end); "
               "connection closed without a response\",\"detail\":\"\"}");
    } else if (soap->error != SOAP_EOF) {
      const char *str = soap_fault_string(soap);
      const char *detail = soap_fault_detail(soap);
      log_line(std::string("{\"error\":") + json_string(str ? str : "unknown") +
               ",\"detail\":" + json_string(detail ? detail : "") + "}");
    }
  }
  soap->user = NULL;
  soap_destroy(soap);
  soap_end(soap);
  soap_free(soap);
}

}  // namespace

int main(int argc, char **argv) {
  std::signal(SIGPIPE, SIG_IGN);
  int port = argc > 1 ? std::atoi(argv[1]) : 0;
  if (port < 0 || port > 65535) {
    std::fprintf(stderr, "usage: %s [port]   (0 = pick a free port)\n", argv[0]);
    return 2;
  }

  struct soap *soap = soap_new1(SOAP_IO_KEEPALIVE);
  soap->bind_flags = SO_REUSEADDR;
  soap->send_timeout = 30;
  soap->recv_timeout = 30;
  soap->max_keep_alive = 1000;
  soap->fpreparerecv = on_recv;
  soap->fpreparefinalrecv = on_final_recv;
  soap->fserveloop = on_serve_loop;

  if (!soap_valid_socket(soap_bind(soap, "127.0.0.1", port, 100))) {
    soap_print_fault(soap, stderr);
    return 1;
  }
  struct sockaddr_in addr;
  socklen_t len = sizeof addr;
  if (getsockname(soap->master, reinterpret_cast<struct sockaddr *>(&addr), &len) != 0) {
    std::perror("getsockname");
    return 1;
  }
  std::printf("LISTENING %d\n", ntohs(addr.sin_port));
  std::fflush(stdout);

  for (;;) {
    if (!soap_valid_socket(soap_accept(soap))) {
      if (soap->errnum == 0) continue;  // timeout (none is set) or interrupted
      const char *str = soap_fault_string(soap);
      log_line(std::string("{\"error\":") + json_string(str ? str : "accept failed") +
               ",\"detail\":\"accept\"}");
      continue;
    }
    struct soap *copy = soap_copy(soap);
    if (!copy) {
      soap_force_closesock(soap);
      continue;
    }
    copy->fpreparerecv = on_recv;
    copy->fpreparefinalrecv = on_final_recv;
    copy->fserveloop = on_serve_loop;
    std::thread(serve_connection, copy).detach();
  }
}

// ---------------------------------------------------------------------------
// Operations. Responses: see README.md ("Responses").

SOAP_FMAC5 int SOAP_FMAC6 __tempuri__BeginCacheRefresh(
    struct soap *soap, _tempuri__BeginCacheRefresh *,
    _tempuri__BeginCacheRefreshResponse &resp) {
  long call = begin_op(soap, "BeginCacheRefresh");
  wm__CreateRefreshJobResult *r = soap_new_wm__CreateRefreshJobResult(soap);
  if (call % 2 == 1) {
    // CreatedJob=true, CurrentJobId=2, CurrentJobIdClient=2, EncounteredError absent
    r->CreatedJob = val(soap, true);
    r->CurrentJobId = val(soap, 2);
    r->CurrentJobIdClient = val(soap, 2);
    r->EncounteredError = NULL;
  } else {
    // CreatedJob=false, CurrentJobId xsi:nil, CurrentJobIdClient=-1, EncounteredError=true
    soap_set_omode(soap, SOAP_XML_NIL);  // the only NULL member below is written as xsi:nil
    r->CreatedJob = val(soap, false);
    r->CurrentJobId = NULL;
    r->CurrentJobIdClient = val(soap, -1);
    r->EncounteredError = val(soap, true);
  }
  resp.BeginCacheRefreshResult = r;
  log_line(head("BeginCacheRefresh", call) + common_tail(soap));
  return SOAP_OK;
}

SOAP_FMAC5 int SOAP_FMAC6 __tempuri__BeginExchangeSync(
    struct soap *soap, _tempuri__BeginExchangeSync *,
    _tempuri__BeginExchangeSyncResponse &resp) {
  long call = begin_op(soap, "BeginExchangeSync");
  resp.BeginExchangeSyncResult = val(soap, true);
  log_line(head("BeginExchangeSync", call) + common_tail(soap));
  return SOAP_OK;
}

SOAP_FMAC5 int SOAP_FMAC6 __tempuri__OptIntoExchangeSync(
    struct soap *soap, _tempuri__OptIntoExchangeSync *,
    _tempuri__OptIntoExchangeSyncResponse &resp) {
  long call = begin_op(soap, "OptIntoExchangeSync");
  static const wm__ExchangeOptInResult cycle[3] = {
      wm__ExchangeOptInResult__Success,
      wm__ExchangeOptInResult__UserAlreadyOptedIn,
      wm__ExchangeOptInResult__MissingEmailAddress,
  };
  resp.OptIntoExchangeSyncResult = val(soap, cycle[(call - 1) % 3]);
  log_line(head("OptIntoExchangeSync", call) + common_tail(soap));
  return SOAP_OK;
}

SOAP_FMAC5 int SOAP_FMAC6 __tempuri__OptOutOfExchangeSync(
    struct soap *soap, _tempuri__OptOutOfExchangeSync *,
    _tempuri__OptOutOfExchangeSyncResponse &resp) {
  long call = begin_op(soap, "OptOutOfExchangeSync");
  resp.OptOutOfExchangeSyncResult = val(soap, true);
  log_line(head("OptOutOfExchangeSync", call) + common_tail(soap));
  return SOAP_OK;
}

SOAP_FMAC5 int SOAP_FMAC6 __tempuri__GetExchangeSyncInfo(
    struct soap *soap, _tempuri__GetExchangeSyncInfo *,
    _tempuri__GetExchangeSyncInfoResponse &resp) {
  long call = begin_op(soap, "GetExchangeSyncInfo");
  wm__ExchangeUserSyncState *r = soap_new_wm__ExchangeUserSyncState(soap);
  switch ((call - 1) % 3) {
    case 0:  // IsOptedIn=true, LastEndTime absent, LastSyncResult=Success
      r->IsOptedIn = val(soap, true);
      r->LastEndTime = NULL;
      r->LastSyncResult = val(soap, wm__ExchangeSyncResult__Success);
      break;
    case 1:  // IsOptedIn=false, LastEndTime xsi:nil, LastSyncResult=NoValue
      soap_set_omode(soap, SOAP_XML_NIL);  // the only NULL member below is written as xsi:nil
      r->IsOptedIn = val(soap, false);
      r->LastEndTime = NULL;
      r->LastSyncResult = val(soap, wm__ExchangeSyncResult__NoValue);
      break;
    default:  // IsOptedIn=true, LastEndTime=2024-01-02T03:04:05Z, LastSyncResult=CouldNotGetUserCredentials
      r->IsOptedIn = val(soap, true);
      r->LastEndTime = val(soap, static_cast<time_t>(1704164645));  // 2024-01-02T03:04:05Z
      r->LastSyncResult = val(soap, wm__ExchangeSyncResult__CouldNotGetUserCredentials);
      break;
  }
  resp.GetExchangeSyncInfoResult = r;
  log_line(head("GetExchangeSyncInfo", call) + common_tail(soap));
  return SOAP_OK;
}

SOAP_FMAC5 int SOAP_FMAC6 __tempuri__BeginCreateTaskPropagation(
    struct soap *soap, _tempuri__BeginCreateTaskPropagation *req,
    _tempuri__BeginCreateTaskPropagationResponse &) {
  long call = begin_op(soap, "BeginCreateTaskPropagation");
  const int *taskId = req ? req->taskId : NULL;
  const char *fault = (taskId && *taskId == 500) ? "task 500 refused" : NULL;
  log_task_op(soap, "BeginCreateTaskPropagation", call, taskId, NULL, false, NULL, fault);
  if (fault) return soap_receiver_fault(soap, fault, NULL);  // Server (1.1) / Receiver (1.2)
  return SOAP_OK;
}

SOAP_FMAC5 int SOAP_FMAC6 __tempuri__BeginUpdateTaskPropagation(
    struct soap *soap, _tempuri__BeginUpdateTaskPropagation *req,
    _tempuri__BeginUpdateTaskPropagationResponse &) {
  long call = begin_op(soap, "BeginUpdateTaskPropagation");
  log_task_op(soap, "BeginUpdateTaskPropagation", call, req ? req->taskId : NULL,
              req ? req->lastModified : NULL, false, NULL);
  return SOAP_OK;
}

SOAP_FMAC5 int SOAP_FMAC6 __tempuri__BeginDeleteTaskPropagation(
    struct soap *soap, _tempuri__BeginDeleteTaskPropagation *req,
    _tempuri__BeginDeleteTaskPropagationResponse &) {
  long call = begin_op(soap, "BeginDeleteTaskPropagation");
  log_task_op(soap, "BeginDeleteTaskPropagation", call, req ? req->taskId : NULL, NULL, true,
              req ? req->mappedKey : NULL);
  return SOAP_OK;
}

SOAP_FMAC5 int SOAP_FMAC6 __tempuri__BeginRelocateTaskPropagation(
    struct soap *soap, _tempuri__BeginRelocateTaskPropagation *req,
    _tempuri__BeginRelocateTaskPropagationResponse &) {
  long call = begin_op(soap, "BeginRelocateTaskPropagation");
  log_task_op(soap, "BeginRelocateTaskPropagation", call, req ? req->taskId : NULL, NULL, true,
              req ? req->mappedKey : NULL);
  return SOAP_OK;
}
