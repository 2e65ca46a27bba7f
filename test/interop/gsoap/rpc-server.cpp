// An independent rpc/literal SOAP 1.1 server built with gSOAP (wsdl2h + soapcpp2 -j) from
// test/golden/rpc-literal/input.wsdl, for the generated client's interop test (test/interop/gsoap-rpc.test.ts).
//
//   rpc-server <port>     0 = pick a free port; prints "LISTENING <port>" once it accepts connections
//
// Add returns a + b; Team returns the number of people and the oldest (the first on a tie, an empty "(nobody)" with a
// nil age when there is none); Ping returns nothing; Log is one-way (202). Each request is logged to stderr as one JSON
// line with the values gSOAP decoded, so the test can check what arrived.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "soapRpcBindingService.h"
#include "RpcBinding.nsmap"

static std::string js(const std::string &s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

static std::string person(const ns2__Person *p) {
  std::ostringstream o;
  o << "{\"name\":" << js(p->name) << ",\"age\":" << (p->age ? std::to_string(*p->age) : "null") << ",\"tags\":[";
  for (size_t i = 0; i < p->tags.size(); i++) o << (i ? "," : "") << js(p->tags[i]);
  o << "]}";
  return o.str();
}

static void log_line(const std::string &s) {
  std::fprintf(stderr, "%s\n", s.c_str());
  std::fflush(stderr);
}

int RpcBindingService::Add(int a, int b, struct ns1__AddResponse &r) {
  log_line("{\"op\":\"Add\",\"a\":" + std::to_string(a) + ",\"b\":" + std::to_string(b) + "}");
  r.sum = a + b;
  return SOAP_OK;
}

int RpcBindingService::Team(ns2__PersonList *people, const std::string &label, const std::string &Note, struct ns1__TeamResponse &r) {
  std::string list;
  ns2__Person *oldest = nullptr;
  size_t n = people ? people->person.size() : 0;
  for (size_t i = 0; i < n; i++) {
    ns2__Person *p = people->person[i];
    list += (i ? "," : "") + person(p);
    if (!oldest || (p->age ? *p->age : -1) > (oldest->age ? *oldest->age : -1)) oldest = p;
  }
  log_line("{\"op\":\"Team\",\"people\":[" + list + "],\"label\":" + js(label) + ",\"Note\":" + js(Note) + "}");
  r.count = static_cast<int>(n);
  if (!oldest) {
    oldest = soap_new_ns2__Person(this->soap);
    oldest->name = "(nobody)";
    oldest->age = nullptr;
  }
  r.oldest = oldest;
  return SOAP_OK;
}

int RpcBindingService::Ping(struct ns1__PingResponse &) {
  log_line("{\"op\":\"Ping\"}");
  return SOAP_OK;
}

int RpcBindingService::Log(int a, int b) {
  log_line("{\"op\":\"Log\",\"a\":" + std::to_string(a) + ",\"b\":" + std::to_string(b) + "}");
  return send_Log_empty_response(202);
}

int main(int argc, char **argv) {
  std::signal(SIGPIPE, SIG_IGN);
  int port = argc > 1 ? std::atoi(argv[1]) : 0;
  // Not SOAP_XML_STRICT: gSOAP reads an element= part of an rpc message (not WS-I, R2203) as an element in the
  // wrapper's namespace, zeep (and wsdl2ts) as the element itself in its own namespace; lax mode accepts both.
  RpcBindingService service;
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
