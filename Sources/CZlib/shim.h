#ifndef DEPECHE_CZLIB_SHIM_H
#define DEPECHE_CZLIB_SHIM_H
#include <zlib.h>

// `inflateInit2` is a macro that Swift cannot import.
static inline int depeche_inflate_init2(z_stream *stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

// `deflateInit2` is a macro too (the tests write gzip with it).
static inline int depeche_deflate_init2(z_stream *stream, int level, int windowBits) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif
