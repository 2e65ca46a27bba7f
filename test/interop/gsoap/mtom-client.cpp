// An independent MTOM client built with gSOAP (wsdl2h + soapcpp2 -j) from test/golden/mtom/input.wsdl, for the
// generated server's interop test (test/interop/gsoap-mtom.test.ts): it sends Upload as an MTOM package
// (SOAP_ENC_MTOM), Data and one Extra value as XOP binary parts.
//
//   mtom-client <endpoint> <11|12> <size>
//
// Prints one JSON line: {"size":…,"checksum":"hex"} from the response, or {"error":"…"}.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "soapFiles11Proxy.h"
#include "Files11.nsmap"

static unsigned char pattern(size_t i) { return static_cast<unsigned char>((i * 31 + 7) & 255); }

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: mtom-client <endpoint> <11|12> <size>\n");
    return 2;
  }
  const bool v12 = std::string(argv[2]) == "12";
  const int n = std::atoi(argv[3]);
  Files11Proxy proxy;
  soap_set_mode(proxy.soap, SOAP_ENC_MTOM);
  // The generated namespace table is SOAP 1.2 first (the WSDL has a SOAP 1.2 binding), and gSOAP writes the
  // envelope in the table's first URI: for SOAP 1.1, a copy with the SOAP 1.1 URIs first.
  static struct Namespace ns11[64];
  if (!v12) {
    int k = 0;
    for (; namespaces[k].id && k < 63; k++) ns11[k] = namespaces[k];
    ns11[k] = namespaces[k];
    ns11[0].ns = "http://schemas.xmlsoap.org/soap/envelope/";
    ns11[0].in = "http://www.w3.org/2003/05/soap-envelope";
    ns11[1].ns = "http://schemas.xmlsoap.org/soap/encoding/";
    ns11[1].in = "http://www.w3.org/2003/05/soap-encoding";
    soap_set_namespaces(proxy.soap, ns11);
  }
  proxy.soap->send_timeout = proxy.soap->recv_timeout = 30;
  _ns1__Upload in;
  _ns1__UploadResponse out;
  in.Name = "gsoap.bin";
  in.Data.__ptr = static_cast<unsigned char *>(soap_malloc(proxy.soap, n > 0 ? n : 1));
  for (int i = 0; i < n; i++) in.Data.__ptr[i] = pattern(i);
  in.Data.__size = n;
  // No id: gSOAP names the part (cid:idN); a MIME type is what makes the value an XOP part.
  in.Data.type = const_cast<char *>("application/octet-stream");
  ns1__Blob *extra = soap_new_ns1__Blob(proxy.soap);
  static unsigned char png[5] = {0x89, 'P', 'N', 'G', 0x0d};
  extra->__item.__ptr = png;
  extra->__item.__size = 5;
  extra->__item.type = const_cast<char *>("image/png");
  extra->contentType = soap_new_std__string(proxy.soap);
  *extra->contentType = "image/png";
  in.Extra.push_back(extra);
  int rc = v12 ? proxy.Upload_(argv[1], NULL, &in, out) : proxy.Upload(argv[1], NULL, &in, out);
  if (rc != SOAP_OK) {
    std::ostringstream err;
    proxy.soap_stream_fault(err);
    std::string e = err.str();
    std::string q;
    for (char c : e) {
      if (c == '"' || c == '\\') q += '\\';
      if (c == '\n') q += "\\n";
      else if (static_cast<unsigned char>(c) >= 0x20) q += c;
    }
    std::printf("{\"error\":\"%s\"}\n", q.c_str());
    return 1;
  }
  std::string hex;
  char buf[3];
  for (int i = 0; i < out.Checksum.__size; i++) {
    std::snprintf(buf, sizeof buf, "%02X", out.Checksum.__ptr[i]);
    hex += buf;
  }
  std::printf("{\"size\":%d,\"checksum\":\"%s\"}\n", out.Size, hex.c_str());
  return 0;
}
