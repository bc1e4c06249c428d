/*
 * files.h: the list of statute files under a directory (.md, .txt),
 * sorted, for the corpus report, the benchmark and the corpus tests.
 */
#ifndef LX_FILES_H
#define LX_FILES_H

#include <stddef.h>

typedef struct lx_files {
	char **path;
	size_t n;
} lx_files;

/* Returns 0, or -1 when dir cannot be walked. */
int lx_files_collect(lx_files *out, const char *dir);
void lx_files_free(lx_files *f);
/* Reads a whole file (malloc'd); NULL on error. */
char *lx_read_all(const char *path, size_t *len);

#endif
