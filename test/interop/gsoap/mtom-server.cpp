// An independent MTOM server built with gSOAP (wsdl2h + soapcpp2 -j) from test/golden/mtom/input.wsdl, for the
// generated client's interop test (test/interop/gsoap-mtom.test.ts). It answers with SOAP_ENC_MTOM: every response is
// a multipart/related XOP package, and base64Binary values whose type is set travel as binary parts (xop:Include).
//
//   mtom-server <port>     0 = pick a free port; prints "LISTENING <port>" once it accepts connections
//
// Download("size:N") returns N bytes of the test pattern as an XOP part, and a 4-byte Thumbnail inline; Upload returns
// the size and the FNV-1a hash (4 bytes, big-endian) of Data. Each request is logged to stderr as one JSON line.
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "soapFiles11Service.h"
#include "Files11.nsmap"

static unsigned char pattern(size_t i) { return static_cast<unsigned char>((i * 31 + 7) & 255); }

static uint32_t fnv1a(const unsigned char *p, int n) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

static std::string js(const std::string &s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

static void log_line(const std::string &s) {
  std::fprintf(stderr, "%s\n", s.c_str());
  std::fflush(stderr);
}

int Files11Service::Upload(_ns1__Upload *in, _ns1__UploadResponse &out) {
    std::ostringstream extra;
    for (size_t i = 0; i < in->Extra.size(); i++) {
      const ns1__Blob *b = in->Extra[i];
      extra << (i ? "," : "") << "{\"size\":" << b->__item.__size << ",\"fnv\":" << fnv1a(b->__item.__ptr, b->__item.__size)
            << ",\"contentType\":" << (b->contentType ? js(*b->contentType) : "null") << "}";
    }
    uint32_t h = fnv1a(in->Data.__ptr, in->Data.__size);
    log_line("{\"op\":\"Upload\",\"name\":" + js(in->Name) + ",\"size\":" + std::to_string(in->Data.__size) + ",\"fnv\":" + std::to_string(h) + ",\"extra\":[" + extra.str() + "]}");
    out.Size = in->Data.__size;
    out.Checksum.__ptr = static_cast<unsigned char *>(soap_malloc(this->soap, 4));
    for (int k = 0; k < 4; k++) out.Checksum.__ptr[k] = static_cast<unsigned char>(h >> (24 - 8 * k));
    out.Checksum.__size = 4;
    return SOAP_OK;
}

int Files11Service::Download(_ns1__Download *in, _ns1__DownloadResponse &out) {
    int n = in->Name.compare(0, 5, "size:") == 0 ? std::atoi(in->Name.c_str() + 5) : 1000;
    log_line("{\"op\":\"Download\",\"name\":" + js(in->Name) + "}");
    out.Name = in->Name;
    out.Data.__ptr = static_cast<unsigned char *>(soap_malloc(this->soap, n > 0 ? n : 1));
    for (int i = 0; i < n; i++) out.Data.__ptr[i] = pattern(i);
    out.Data.__size = n;
    // A MIME type (and no id: gSOAP makes one) is what turns the value into an XOP part under SOAP_ENC_MTOM.
    out.Data.type = const_cast<char *>("application/octet-stream");
    out.Thumbnail = soap_new_xsd__base64Binary(this->soap);
    out.Thumbnail->__ptr = static_cast<unsigned char *>(soap_malloc(this->soap, 4));
    std::memcpy(out.Thumbnail->__ptr, "tiny", 4);
    out.Thumbnail->__size = 4;
    return SOAP_OK;
}

int Files11Service::Upload_(_ns1__Upload *in, _ns1__UploadResponse &out) { return Upload(in, out); }
int Files11Service::Download_(_ns1__Download *in, _ns1__DownloadResponse &out) { return Download(in, out); }

int main(int argc, char **argv) {
  std::signal(SIGPIPE, SIG_IGN);
  int port = argc > 1 ? std::atoi(argv[1]) : 0;
  Files11Service service;
  soap_set_mode(service.soap, SOAP_ENC_MTOM);
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
