// An independent rpc/encoded SOAP 1.1 server built with gSOAP (soapcpp2 -1 -e -j) from rpc-encoded.h, for the
// generated client's interop test (test/interop/gsoap-rpc-encoded.test.ts).
//
//   rpc-encoded-server <port>     0 = pick a free port; prints "LISTENING <port>" once it accepts connections
//
// add returns a + b; echo returns s with "!" appended, d * 2 and opt as given (a null pointer stays nil); centroid
// returns the mean of the points (integer division) labelled "of <n>" and their number, nil items skipped; split
// splits text on spaces; twin returns a pair whose two members are the same pointer, which gSOAP serializes as one
// multi-reference value (href/id). Each request is logged to stderr as one JSON line with the values gSOAP decoded.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "soapEncServiceService.h"
#include "EncService.nsmap"

static std::string js(const std::string &s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

static std::string opt(const std::string *s) { return s ? js(*s) : "null"; }

static std::string point(const ns__Point *p) {
  if (!p) return "null";
  return "{\"x\":" + std::to_string(p->x) + ",\"y\":" + std::to_string(p->y) + ",\"label\":" + opt(p->label) + "}";
}

static void log_line(const std::string &s) {
  std::fprintf(stderr, "%s\n", s.c_str());
  std::fflush(stderr);
}

int EncServiceService::add(int a, int b, struct ns__addResponse &r) {
  log_line("{\"op\":\"add\",\"a\":" + std::to_string(a) + ",\"b\":" + std::to_string(b) + "}");
  r.sum = a + b;
  return SOAP_OK;
}

int EncServiceService::echo(const std::string &s, double d, std::string *o, struct ns__echoResponse &r) {
  std::ostringstream dd;
  dd.precision(17);
  dd << d;
  log_line("{\"op\":\"echo\",\"s\":" + js(s) + ",\"d\":" + dd.str() + ",\"opt\":" + opt(o) + "}");
  r.s = s + "!";
  r.d = d * 2;
  r.opt = o;
  return SOAP_OK;
}

int EncServiceService::centroid(ns__ArrayOfPoint *points, struct ns__centroidResponse &r) {
  std::string list;
  int n = 0, sx = 0, sy = 0;
  int size = points ? points->__size : 0;
  for (int i = 0; i < size; i++) {
    ns__Point *p = points->__ptr[i];
    list += (i ? "," : "") + point(p);
    if (!p) continue;
    n++;
    sx += p->x;
    sy += p->y;
  }
  log_line("{\"op\":\"centroid\",\"points\":" + (points ? "[" + list + "]" : std::string("null")) + "}");
  r.c = soap_new_ns__Point(this->soap);
  r.c->x = n ? sx / n : 0;
  r.c->y = n ? sy / n : 0;
  r.c->label = soap_new_std__string(this->soap);
  *r.c->label = "of " + std::to_string(n);
  r.n = n;
  return SOAP_OK;
}

int EncServiceService::split(const std::string &text, struct ns__splitResponse &r) {
  log_line("{\"op\":\"split\",\"text\":" + js(text) + "}");
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string w; std::getline(in, w, ' ');) parts.push_back(w);
  r.parts = soap_new_ns__ArrayOfString(this->soap);
  r.parts->__size = static_cast<int>(parts.size());
  r.parts->__ptr = soap_new_std__string(this->soap, r.parts->__size);
  for (size_t i = 0; i < parts.size(); i++) r.parts->__ptr[i] = parts[i];
  return SOAP_OK;
}

int EncServiceService::twin(ns__Point *p, struct ns__twinResponse &r) {
  log_line("{\"op\":\"twin\",\"p\":" + point(p) + "}");
  r.pair = soap_new_ns__Pair(this->soap);
  r.pair->first = p;
  r.pair->second = p;
  return SOAP_OK;
}

int main(int argc, char **argv) {
  std::signal(SIGPIPE, SIG_IGN);
  int port = argc > 1 ? std::atoi(argv[1]) : 0;
  // SOAP_XML_STRICT: gSOAP validates what it reads (xsi:type, required parts) instead of skipping what it does not know.
  EncServiceService service(SOAP_XML_STRICT);
  service.soap->bind_flags = SO_REUSEADDR;
  service.soap->send_timeout = 30;
  service.soap->recv_timeout = 30;
  if (!soap_valid_socket(service.bind("127.0.0.1", port, 100))) {
    service.soap_stream_fault(std::cerr);
    return 1;
  }
  struct sockaddr_in addr;
  socklen_t len = sizeof addr;
  if (getsockname(service.soap->master, reinterpret_cast<struct sockaddr *>(&addr), &len) != 0) return 1;
  std::printf("LISTENING %d\n", ntohs(addr.sin_port));
  std::fflush(stdout);
  for (;;) {
    if (!soap_valid_socket(service.accept())) continue;
    if (service.serve() != SOAP_OK && service.soap->error != SOAP_STOP) {
      std::ostringstream err;
      service.soap_stream_fault(err);
      log_line("{\"error\":" + js(err.str()) + "}");
    }
    service.destroy();
  }
}
