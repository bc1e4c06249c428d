/*
 * inputs.c: what the commands that read documents share: --grammar, and
 * loading files, directories (walked recursively for .md, .txt,
 * .docx, .pdf, .ofd and .html) and
 * standard input into a set whose citations are resolved across it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


#include <lexcn/index.h>
#include "cli.h"

void lx_cli_print_diags(const lx_doc *d)
{
	const lx_diag *g;
	size_t n = lx_doc_diags(d, &g);
	for (size_t i = 0; i < n; i++) {
		const char *sev = g[i].severity == LX_SEV_ERROR ? "error"
		                  : g[i].severity == LX_SEV_WARNING
		                          ? "warning"
		                          : "note";
		if (g[i].line)
			fprintf(stderr, "%s:%d: %s: %s: %s\n", lx_doc_path(d),
			        g[i].line, sev, g[i].code, g[i].message);
		else
			fprintf(stderr, "%s: %s: %s: %s\n", lx_doc_path(d), sev,
			        g[i].code, g[i].message);
	}
}

void lx_cli_fail(const char *cmd, int *status, int code, const char *msg)
{
	fprintf(stderr, "lexcn %s: %s\n", cmd, msg);
	if (*status == LX_EXIT_OK)
		*status = lx_exit_status(code);
}

int lx_cli_parse_doc(const lx_grammars *g, const char *path,
                     const lx_parse_opts *po, bool cites, lx_doc **out,
                     lx_error *err)
{
	int rc = lx_parse_file(out, g, path, po, err);
	if (rc == LX_OK && cites &&
	    (rc = lx_cite_find(*out, g, err)) != LX_OK) {
		lx_doc_free(*out);
		*out = NULL;
	}
	return rc;
}

static void load_one(const char *cmd, const lx_grammars *g, const char *path,
                     const lx_parse_opts *po, lx_set *set, bool diags,
                     int *status)
{
	lx_doc *d;
	lx_error err = {0};
	int rc = lx_cli_parse_doc(g, path, po, true, &d, &err);
	if (rc) {
		lx_cli_fail(cmd, status, rc, err.msg);
		return;
	}
	if (diags)
		lx_cli_print_diags(d);
	if (lx_set_add(set, d)) {
		lx_doc_free(d);
		lx_cli_fail(cmd, status, LX_ERR_NOMEM, "out of memory");
	}
}

/* Appends a malloc'd path to out; false when out of memory. */
static bool add_path(lx_files *out, char *path)
{
	char **v = path ? realloc(out->path, (out->n + 1) * sizeof(char *))
	                : NULL;
	if (!v) {
		free(path);
		return false;
	}
	out->path = v;
	out->path[out->n++] = path;
	return true;
}

int lx_cli_expand(const char *cmd, char **paths, int n, lx_files *out)
{
	int status = LX_EXIT_OK;
	*out = (lx_files){0};
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (!strcmp(paths[i], "-") || stat(paths[i], &st) ||
		    !S_ISDIR(st.st_mode)) {
			if (!add_path(out, strdup(paths[i]))) {
				lx_cli_fail(cmd, &status, LX_ERR_NOMEM,
				            "out of memory");
				break;
			}
			continue;
		}
		lx_files files;
		lx_error err = {0};
		int rc = lx_files_collect(&files, paths[i], &err);
		if (rc) {
			lx_cli_fail(cmd, &status, rc, err.msg);
			continue;
		}
		lx_cli_report_skipped(cmd, paths[i], &files);
		if (!files.n) {
			char msg[4200];
			snprintf(msg, sizeof(msg),
			         "%s: a directory with no documents "
			         "(.md, .txt, .docx, .pdf, .ofd, .html)",
			         paths[i]);
			lx_cli_fail(cmd, &status, LX_ERR_IO, msg);
		}
		bool ok = true;
		/* The directory's files, taken over. */
		for (size_t k = 0; k < files.n; k++) {
			if (ok && !add_path(out, files.path[k]))
				ok = false;
			else if (!ok)
				free(files.path[k]);
			files.path[k] = NULL;
		}
		lx_files_free(&files);
		if (!ok) {
			lx_cli_fail(cmd, &status, LX_ERR_NOMEM, "out of memory");
			break;
		}
	}
	return status;
}

int lx_cli_load(const char *cmd, const lx_grammars *g, char **paths, int n,
                const lx_parse_opts *po, bool diags, lx_set **out)
{
	if (lx_set_new(out))
		return LX_EXIT_INTERNAL;
	lx_files files;
	int status = lx_cli_expand(cmd, paths, n, &files);
	for (size_t k = 0; k < files.n; k++)
		load_one(cmd, g, files.path[k], po, *out, diags, &status);
	lx_files_free(&files);
	if (lx_set_resolve(*out)) {
		fprintf(stderr, "lexcn %s: out of memory\n", cmd);
		return LX_EXIT_INTERNAL;
	}
	return status;
}

/* The file an index holds document `id` from; malloc'd, or NULL with a
 * message printed. */
char *lx_cli_db_file(const char *cmd, const char *db_path, const char *id)
{
	lx_index *db;
	lx_error err;
	if (lx_cli_open_index(cmd, db_path, &db))
		return NULL;
	lx_results *u = NULL;
	char *file = NULL;
	if (lx_index_units(db, id, &u, &err) == LX_OK && lx_results_len(u) &&
	    lx_hit_file(u, 0))
		file = strdup(lx_hit_file(u, 0));
	lx_results_free(u);
	lx_index_close(db);
	if (!file)
		fprintf(stderr, "lexcn %s: %s: no document '%s' in the index\n",
		        cmd, db_path, id);
	return file;
}

