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

static void print_diags(const lx_doc *d)
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

static void fail(const char *cmd, int *status, int code, const char *msg)
{
	fprintf(stderr, "lexcn %s: %s\n", cmd, msg);
	if (*status == LX_EXIT_OK)
		*status = lx_exit_status(code);
}

static void load_one(const char *cmd, const lx_grammars *g, const char *path,
                     const lx_parse_opts *po, lx_set *set, bool diags,
                     int *status)
{
	lx_doc *d;
	lx_error err = {0};
	int rc = lx_parse_file(&d, g, path, po, &err);
	if (rc == LX_OK && (rc = lx_cite_find(d, g, &err)) != LX_OK)
		lx_doc_free(d);
	if (rc) {
		fail(cmd, status, rc, err.msg);
		return;
	}
	if (diags)
		print_diags(d);
	if (lx_set_add(set, d)) {
		lx_doc_free(d);
		fail(cmd, status, LX_ERR_NOMEM, "out of memory");
	}
}

int lx_cli_load(const char *cmd, const lx_grammars *g, char **paths, int n,
                const lx_parse_opts *po, bool diags, lx_set **out)
{
	int status = LX_EXIT_OK;
	if (lx_set_new(out))
		return LX_EXIT_INTERNAL;
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (strcmp(paths[i], "-") && stat(paths[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			lx_files files;
			lx_error err = {0};
			int rc = lx_files_collect(&files, paths[i], &err);
			if (rc) {
				fail(cmd, &status, rc, err.msg);
				continue;
			}
			lx_cli_report_skipped(cmd, paths[i], &files);
			if (!files.n) {
				char msg[4200];
				snprintf(msg, sizeof(msg),
				         "%s: a directory with no documents "
				         "(.md, .txt, .docx, .pdf, .ofd, .html)",
				         paths[i]);
				fail(cmd, &status, LX_ERR_IO, msg);
			}
			for (size_t k = 0; k < files.n; k++)
				load_one(cmd, g, files.path[k], po, *out, diags,
				         &status);
			lx_files_free(&files);
		} else {
			load_one(cmd, g, paths[i], po, *out, diags, &status);
		}
	}
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

