/*
 * files.c: see files.h.
 */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "lx_int.h"

static int push(lx_files *f, size_t *cap, const char *p)
{
	if (f->n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		char **np = realloc(f->path, *cap * sizeof(char *));
		if (!np)
			return -1;
		f->path = np;
	}
	f->path[f->n] = strdup(p);
	return f->path[f->n++] ? 0 : -1;
}

/* The names of the files lexcn reads: text and Markdown, and the layout
 * formats (the format itself is told by the bytes, reader/reader.c). */
static bool document_name(const char *p, size_t l)
{
	static const char *const ext[] = {".md",  ".txt", ".docx",
	                                  ".pdf", ".ofd", ".html"};
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		size_t n = strlen(ext[i]);
		if (l > n && !strcmp(p + l - n, ext[i]))
			return true;
	}
	return false;
}

static int walk(lx_files *f, size_t *cap, const char *dir, int depth,
                lx_error *err)
{
	if (depth > 32)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return lx_error_set(err, errno == ENOMEM ? LX_ERR_NOMEM : LX_ERR_IO,
		                    "%s: cannot read the directory: %s", dir,
		                    strerror(errno));
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p;
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0) {
			rc = lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory",
			                  dir);
			break;
		}
		struct stat st;
		if (stat(p, &st) == 0) {
			size_t l = strlen(p);
			if (S_ISDIR(st.st_mode))
				rc = walk(f, cap, p, depth + 1, err);
			else if (S_ISREG(st.st_mode) && document_name(p, l) &&
			         strcmp(e->d_name, "README.md"))
				rc = push(f, cap, p) ? lx_error_set(err,
				         LX_ERR_NOMEM, "%s: out of memory", dir) : 0;
		}
		free(p);
	}
	closedir(d);
	return rc;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int lx_files_collect(lx_files *out, const char *dir, lx_error *err)
{
	size_t cap = 0;
	out->path = NULL;
	out->n = 0;
	int rc = walk(out, &cap, dir, 0, err);
	if (rc) {
		lx_files_free(out);
		return rc;
	}
	if (out->n)
		qsort(out->path, out->n, sizeof(char *), cmp);
	return 0;
}

void lx_files_free(lx_files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->path[i]);
	free(f->path);
	f->path = NULL;
	f->n = 0;
}

char *lx_read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 1 << 16, n = 0, r;
	char *b = malloc(cap + 1);
	while (b && (r = fread(b + n, 1, cap - n, fp)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(b, cap * 2 + 1);
			if (!nb) {
				free(b);
				b = NULL;
				break;
			}
			b = nb;
			cap *= 2;
		}
	}
	if (b && ferror(fp)) {
		free(b);
		b = NULL;
	}
	fclose(fp);
	if (b) {
		b[n] = '\0';
		*len = n;
	}
	return b;
}
