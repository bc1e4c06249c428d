/* record.h: a stored record's JSON, read quickly (record.c). */
#ifndef LX_INDEX_RECORD_H
#define LX_INDEX_RECORD_H

#include <stddef.h>

#include <jansson.h>

/* The JSON value of data[0..len), as json_loadb(data, len, 0) gives it
 * (NULL where that fails); a new reference. */
json_t *lx_rec_load(const char *data, size_t len);
/* The same without json_loadb: NULL for what it does not take (any
 * input json_loadb refuses, and the few it takes that this does not). */
json_t *lx_rec_load_fast(const char *data, size_t len);

#endif
