#ifndef DEPECHE_CPROTOBUFC_SHIM_H
#define DEPECHE_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
