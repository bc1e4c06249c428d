/*
 * cli.h: what the command files share: exit statuses and the command
 * signature.  One file per command (cmd_<name>.c); main.c holds the table.
 */
#ifndef LX_CLI_H
#define LX_CLI_H

#include <getopt.h>

#include <lexcn/lexcn.h>
#include <lexcn/index.h>

/* Exit statuses, documented in `lexcn --help` and README.md. */
enum {
	LX_EXIT_OK = 0,
	LX_EXIT_INPUT = 1,   /* an input is missing, unreadable or a directory */
	LX_EXIT_USAGE = 2,   /* bad command line */
	LX_EXIT_DECODE = 3,  /* an input is not text in a supported encoding */
	LX_EXIT_LIMIT = 4,   /* an input is beyond a documented limit */
	LX_EXIT_GRAMMAR = 5, /* a grammar file does not load */
	LX_EXIT_INTERNAL = 6, /* out of memory, or the output cannot be written */
	LX_EXIT_INDEX = 7,    /* the index is missing, damaged or locked */
	LX_EXIT_AMBIGUOUS = 8 /* a name (a title) names several documents */
};

/* The one mapping of library codes (lx_code) to exit statuses. */
int lx_exit_status(int lx_code);

/* ---- options several commands share (common.c) ---- */
#define LX_CLI_OPT_FORMAT {"format", required_argument, NULL, 'f'}
#define LX_CLI_OPT_GRAMMAR {"grammar", required_argument, NULL, 'g'}
#define LX_CLI_OPT_DB {"db", required_argument, NULL, 'd'}
#define LX_CLI_OPT_HELP {"help", no_argument, NULL, 'h'}
/* --format ARG: its index in the NULL-terminated names, or -1 with
 * "lexcn CMD: unknown format 'ARG' (a, b or c)" printed (exit status
 * LX_EXIT_USAGE, or diff's 2). */
int lx_cli_format(const char *cmd, const char *arg, const char *const *names);
/* --db PATH opened for reading into *out; prints "lexcn CMD: PATH: ..."
 * and returns an exit status when it does not open (*out NULL then). */
int lx_cli_open_index(const char *cmd, const char *path, lx_index **out);
/* --grammar NAME|FILE into po; prints the error and returns an exit
 * status. */
int lx_cli_grammar(const char *cmd, lx_grammars *set, const char *name,
                   lx_parse_opts *po);
/* Parses files, directories and - into a new set (*out, even on failure),
 * resolving citations across it; prints diagnostics when asked.  Returns
 * the exit status of the first failure, or 0. */
int lx_cli_load(const char *cmd, const lx_grammars *g, char **paths, int n,
                const lx_parse_opts *po, bool diags, lx_set **out);
/* What lx_cli_load is made of, for commands that read their inputs one
 * at a time (parse): the files of paths (directories walked, skipped
 * entries reported, - kept) into *out (lx_files_free), returning the exit
 * status of the first failure, or 0; one file parsed and its citations
 * found unless !cites (LX_OK, or the library's code with err filled and
 * *out NULL); its diagnostics on stderr; a failure reported ("lexcn CMD: msg") and its
 * exit status kept in *status unless one is already. */
int lx_cli_expand(const char *cmd, char **paths, int n, lx_files *out);
int lx_cli_parse_doc(const lx_grammars *g, const char *path,
                     const lx_parse_opts *po, bool cites, lx_doc **out,
                     lx_error *err);
void lx_cli_print_diags(const lx_doc *d);
void lx_cli_fail(const char *cmd, int *status, int code, const char *msg);

/* The built-in grammars into *out; prints "lexcn CMD: ..." and returns an
 * exit status when they do not load, 0 otherwise. */
int lx_cli_builtin(const char *cmd, lx_grammars **out);
/* Prints the entries of directory dir that lx_files_collect left out, one
 * line each ("lexcn CMD: skipped PATH: why"), and a count. */
void lx_cli_report_skipped(const char *cmd, const char *dir,
                           const lx_files *files);
/* 0 when as_of is NULL or a date YYYY-MM-DD; otherwise prints why and
 * returns the usage exit status (checked before any input is read). */
int lx_cli_check_as_of(const char *cmd, const char *as_of);
/* The file an index (--db) holds document `id` from, malloc'd; NULL with
 * a message "lexcn CMD: ..." printed. */
char *lx_cli_db_file(const char *cmd, const char *db_path, const char *id);
/* The exit status of lx_index_show or lx_index_export returning rc, its
 * message printed "lexcn CMD: ...". */
int lx_cli_index_read_status(const char *cmd, int rc, const lx_error *err);

/* Takes out of argv (and *argc) the arguments that start with '-' but
 * are no option: not -X with ASCII letters and digits after it, nor -X of
 * an option that takes a value ("-高空抛物": only ASCII option names are
 * options), skipping the values
 * of options (shortopts, longopts as for getopt_long); puts them in out,
 * in order, at most max.  Returns how many.  Call before getopt_long. */
int lx_cli_take_dashed(int *argc, char **argv, const char *shortopts,
                       const struct option *longopts, char **out, int max);

/* Flushes stdout: on a write failure (a full disk, an I/O error) one line
 * "lexcn CMD: cannot write the output: REASON" and LX_EXIT_INTERNAL
 * (status stays when it is a failure already).  main.c ends every
 * command's output through here; diff too, for its own status. */
int lx_cli_flush(const char *cmd, int status);
/* A write to stdout failed just now (errno says why): one line "lexcn
 * CMD: cannot write the output: REASON", what is still buffered is
 * dropped (so that lx_cli_flush does not fail again), LX_EXIT_INTERNAL. */
int lx_cli_write_failed(const char *cmd);

int cmd_parse(int argc, char **argv);
int cmd_cite(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_tokenize(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_show(int argc, char **argv);
/* diff(1)'s statuses: 0 same, 1 different, 2 trouble. */
int cmd_diff(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_serve(int argc, char **argv); /* cmd_serve.c, serve/ */

/* ---- versions (cmd_history.c) ---- */
/* Today's date (local time) as YYYY-MM-DD; 9999-12-31 without a clock. */
void lx_cli_today(char out[11]);
/* The works of a set (lx_works_order): *order and *work malloc'd, one
 * per document.  LX_OK or LX_ERR_NOMEM. */
int lx_cli_works(lx_set *s, size_t **order, size_t **work);
/* The files an index holds, sorted, NULL-terminated, malloc'd (each and
 * the array); *n their count.  NULL with a message printed. */
char **lx_cli_db_files(const char *cmd, lx_index *ix, size_t *n);

#endif
