// gSOAP header for the rpc/encoded interop server (test/interop/gsoap-rpc-encoded.test.ts). soapcpp2 -1 -e writes
// EncService.wsdl from it, which is test/golden/rpc-encoded/input.wsdl (build-rpc-encoded.sh checks they agree).
//gsoap ns service name: EncService
//gsoap ns service style: rpc
//gsoap ns service encoding: encoded
//gsoap ns service namespace: urn:wsdl2ts:enc
//gsoap ns service location: http://localhost/enc
//gsoap ns schema namespace: urn:wsdl2ts:enc
#import "stlvector.h"
#include <string>
class ns__Point { public:
  int x;
  int y;
  std::string *label;
};
class ns__ArrayOfPoint { public:
  ns__Point **__ptr;
  int __size;
};
class ns__ArrayOfString { public:
  std::string *__ptr;
  int __size;
};
class ns__Pair { public:
  ns__Point *first;
  ns__Point *second;
};
struct ns__addResponse { int sum; };
int ns__add(int a, int b, struct ns__addResponse &r);
struct ns__echoResponse { std::string s; double d; std::string *opt; };
int ns__echo(std::string s, double d, std::string *opt, struct ns__echoResponse &r);
struct ns__centroidResponse { ns__Point *c; int n; };
int ns__centroid(ns__ArrayOfPoint *points, struct ns__centroidResponse &r);
struct ns__splitResponse { ns__ArrayOfString *parts; };
int ns__split(std::string text, struct ns__splitResponse &r);
struct ns__twinResponse { ns__Pair *pair; };
int ns__twin(ns__Point *p, struct ns__twinResponse &r);
