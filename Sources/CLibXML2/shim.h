#ifndef DEPECHE_CLIBXML2_SHIM_H
#define DEPECHE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its headers then clash with Foundation's bundled ICU
// ("'UErrorCode' has different definitions in different modules"). Swift never touches
// the ICU-only fields, so hide them.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

// `xmlFree` is a C global function pointer, which Swift 6 rejects as not concurrency-safe.
static inline void depeche_xml_free(void *pointer) { xmlFree(pointer); }
#endif
