/*
 * files.h: the list of statute files under a directory (.md, .txt,
 * .docx, .pdf, .ofd, .html),
 * sorted, for the corpus report, the benchmark and the corpus tests.
 */
#ifndef LX_FILES_H
#define LX_FILES_H

#include <stddef.h>

#include <lexcn/parse.h>

/* Reads a whole file (malloc'd); NULL on error. */
char *lx_read_all(const char *path, size_t *len);

#endif
