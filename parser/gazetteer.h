/*
 * gazetteer.h: China's administrative divisions (grammar/divisions.tsv) and
 * the jurisdiction a title or an issuer names at its start.
 *
 * The gazetteer is the text of the file itself, read in place by binary
 * search (its divisions sorted by code, then an index sorted by name): no
 * table is built, so it needs no state and no memory beyond the arena the
 * full names are written to.
 */
#ifndef LX_GAZETTEER_H
#define LX_GAZETTEER_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/util.h"

/* A division code: 2 digits (province), 4 (prefecture), 6 (county). */
#define LX_GAZ_CODE 16
/* Divisions containing another: a county's city and province. */
#define LX_GAZ_WITHIN 3

typedef struct lx_gazetteer {
	const char *data;
	size_t len;
} lx_gazetteer;

/* The gazetteer compiled into the binary (builtin:divisions.tsv); false
 * when the build has none. */
bool lx_gazetteer_builtin(lx_gazetteer *g);

/* The division named at the start of s (NUL-terminated): the longest
 * name, then the longest name of one of its children right after it, and
 * so on (浙江省杭州市西湖区).  A name alone is taken when it is a province,
 * a prefecture, a special zone, or a county whose name is unique and not
 * a bare district (城区, 郊区 and 市中区 need their city before them); a
 * name is never taken when it cuts a word of the "-" lines (X市场).
 * Writes the code and returns the bytes matched, or 0 for none. */
size_t lx_gaz_match(const lx_gazetteer *g, const char *s,
                    char code[LX_GAZ_CODE]);

/* The full name of a code: the name, with its city before a district and
 * its municipality before any county-level division (杭州市西湖区,
 * 上海市浦东新区, 重庆市城口县); NULL for an unknown code or no memory. */
const char *lx_gaz_full_name(const lx_gazetteer *g, lx_arena *a,
                             const char *code);

/* The parent's code (false for a province or an unknown code). */
bool lx_gaz_parent(const lx_gazetteer *g, const char *code,
                   char parent[LX_GAZ_CODE]);

/* True when the division `outer` contains `inner` (strictly). */
bool lx_gaz_contains(const lx_gazetteer *g, const char *outer,
                     const char *inner);

/* The jurisdiction of a document: the division at the start of the
 * title, or the issuer's when the title names none or one that contains
 * it (北京市西城区人民政府 for a title naming 北京市).  Returns its full
 * name, and the full names of the divisions containing it, nearest first,
 * in within[] (NULL after the last); NULL when neither names a division. */
const char *lx_gaz_jurisdiction(const lx_gazetteer *g, lx_arena *a,
                                const char *title, const char *issuer,
                                const char *within[LX_GAZ_WITHIN]);

#endif
