/*
 * files.c: see files.h.
 */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "files.h"
#include "lx_int.h"

/* A growing list of malloc'd strings. */
typedef struct strlist {
	char ***v;
	size_t *n, cap;
} strlist;

static int push(strlist *l, char *s)
{
	if (!s)
		return -1;
	if (*l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **nv = realloc(*l->v, cap * sizeof(char *));
		if (!nv) {
			free(s);
			return -1;
		}
		*l->v = nv;
		l->cap = cap;
	}
	(*l->v)[(*l->n)++] = s;
	return 0;
}

typedef struct walker {
	strlist paths, skipped;
	lx_error *err;
} walker;

static const char *const DOC_EXT[] = {".md",   ".markdown", ".txt",
                                      ".docx", ".pdf",      ".ofd",
                                      ".html", ".htm",      ".xhtml"};

/* The names of the files lexcn reads: text and Markdown, and the layout
 * formats (the format itself is told by the bytes, reader/reader.c). */
static bool document_name(const char *p, size_t l)
{
	for (size_t i = 0; i < sizeof(DOC_EXT) / sizeof(DOC_EXT[0]); i++) {
		size_t n = strlen(DOC_EXT[i]);
		if (l > n && !strcasecmp(p + l - n, DOC_EXT[i]))
			return true;
	}
	return false;
}

/* Why a regular file is not read, or NULL when it is. */
static const char *skip_reason(const char *name, char *buf, size_t size)
{
	size_t l = strlen(name);
	if (!strcmp(name, "README.md"))
		return "a README, not a document";
	if (document_name(name, l))
		return NULL;
	const char *dot = strrchr(name, '.');
	if (dot && (!strcasecmp(dot, ".doc") || !strcasecmp(dot, ".wps")))
		return "old Word or WPS file: convert it to DOCX";
	if (!dot || dot == name)
		return "not a document name (no extension)";
	snprintf(buf, size, "not a document name (%.40s)", dot);
	return buf;
}

static int skip(walker *w, const char *path, const char *why)
{
	char *s;
	if (asprintf(&s, "%s: %s", path, why) < 0)
		s = NULL;
	if (push(&w->skipped, s))
		return lx_error_set(w->err, LX_ERR_NOMEM, "%s: out of memory",
		                    path);
	return 0;
}

static int walk(walker *w, const char *dir, int depth)
{
	if (depth > 32)
		return skip(w, dir, "more than 32 directories deep");
	DIR *d = opendir(dir);
	if (!d)
		return lx_error_set(w->err,
		                    errno == ENOMEM ? LX_ERR_NOMEM : LX_ERR_IO,
		                    "%s: cannot read the directory: %s", dir,
		                    strerror(errno));
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p;
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0) {
			rc = lx_error_set(w->err, LX_ERR_NOMEM,
			                  "%s: out of memory", dir);
			break;
		}
		struct stat st;
		char buf[64];
		const char *why;
		if (e->d_name[0] == '.')
			rc = skip(w, p, "hidden (the name starts with '.')");
		else if (stat(p, &st))
			rc = skip(w, p, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			rc = walk(w, p, depth + 1);
		else if (!S_ISREG(st.st_mode))
			rc = skip(w, p, "not a regular file");
		else if ((why = skip_reason(e->d_name, buf, sizeof(buf))))
			rc = skip(w, p, why);
		else if (push(&w->paths, p))
			rc = lx_error_set(w->err, LX_ERR_NOMEM,
			                  "%s: out of memory", dir);
		else
			p = NULL; /* owned by the list */
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
	*out = (lx_files){0};
	walker w = {.paths = {.v = &out->path, .n = &out->n},
	            .skipped = {.v = &out->skipped, .n = &out->n_skipped},
	            .err = err};
	int rc = walk(&w, dir, 0);
	if (rc) {
		lx_files_free(out);
		return rc;
	}
	if (out->n)
		qsort(out->path, out->n, sizeof(char *), cmp);
	if (out->n_skipped)
		qsort(out->skipped, out->n_skipped, sizeof(char *), cmp);
	return 0;
}

void lx_files_free(lx_files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->path[i]);
	for (size_t i = 0; i < f->n_skipped; i++)
		free(f->skipped[i]);
	free(f->path);
	free(f->skipped);
	*f = (lx_files){0};
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
