/*
 * common.c: what every command shares: the one mapping of library error
 * codes (lx_code) to the documented exit statuses, and the options
 * several commands take (--format, --grammar, --db) with their messages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>

#include "cli.h"

/* Every failure of the library reaches the user's shell through here. */
int lx_exit_status(int code)
{
	switch (code) {
	case LX_OK: return LX_EXIT_OK;
	case LX_ERR_IO: return LX_EXIT_INPUT;
	case LX_ERR_DECODE: return LX_EXIT_DECODE;
	case LX_ERR_LIMIT: return LX_EXIT_LIMIT;
	case LX_ERR_GRAMMAR: return LX_EXIT_GRAMMAR;
	case LX_ERR_USAGE: return LX_EXIT_USAGE;
	case LX_ERR_NOT_FOUND: /* the index: a missing one */
	case LX_ERR_LOCKED:
	case LX_ERR_DAMAGED:
	case LX_ERR_CHANGED:
	case LX_ERR_INDEX: return LX_EXIT_INDEX;
	case LX_ERR_WRITE: return LX_EXIT_INTERNAL; /* a full disk */
	case LX_ERR_AMBIGUOUS: return LX_EXIT_AMBIGUOUS;
	default: return LX_EXIT_INTERNAL;
	}
}

int lx_cli_format(const char *cmd, const char *arg, const char *const *names)
{
	size_t n = 0;
	while (names[n])
		n++;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(arg, names[i]))
			return (int)i;
	fprintf(stderr, "lexcn %s: unknown format '%s' (", cmd, arg);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%s", names[i],
		        i + 2 < n ? ", " : i + 1 < n ? " or " : ")\n");
	return -1;
}

int lx_cli_builtin(const char *cmd, lx_grammars **out)
{
	lx_error err = {0};
	int rc = lx_grammars_builtin(out, &err);
	if (rc) {
		fprintf(stderr, "lexcn %s: %s\n", cmd, err.msg);
		*out = NULL;
		return lx_exit_status(rc);
	}
	return 0;
}

int lx_cli_grammar(const char *cmd, lx_grammars *set, const char *name,
                   lx_parse_opts *po)
{
	lx_error err = {0};
	po->grammar = lx_grammars_find(set, name);
	if (!po->grammar) {
		int rc = lx_grammars_add_file(set, name, &err);
		if (rc) {
			fprintf(stderr, "lexcn %s: %s\n", cmd, err.msg);
			return lx_exit_status(rc == LX_ERR_IO ? LX_ERR_GRAMMAR
			                                      : rc);
		}
		po->grammar = lx_grammars_find(set, name);
	}
	if (!po->grammar || !lx_grammar_has_structure(po->grammar)) {
		fprintf(stderr,
		        "lexcn %s: grammar '%s' has no article rule (built-in: "
		        "statute, policy)\n",
		        cmd, name);
		return LX_EXIT_GRAMMAR;
	}
	return LX_EXIT_OK;
}

int lx_cli_open_index(const char *cmd, const char *path, lx_index **out)
{
	lx_error err = {0};
	int rc = lx_index_open(out, path, false, &err);
	if (rc == LX_OK)
		return LX_EXIT_OK;
	fprintf(stderr, "lexcn %s: %s: %s\n", cmd, path, err.msg);
	lx_index_close(*out);
	*out = NULL;
	return lx_exit_status(rc);
}

int lx_cli_write_failed(const char *cmd)
{
	int e = errno;
	fprintf(stderr, "lexcn %s: cannot write the output%s%s\n", cmd,
	        e ? ": " : "", e ? strerror(e) : "");
	__fpurge(stdout);
	clearerr(stdout);
	return LX_EXIT_INTERNAL;
}

int lx_cli_flush(const char *cmd, int status)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	lx_cli_write_failed(cmd);
	return status == LX_EXIT_OK ? LX_EXIT_INTERNAL : status;
}

int lx_cli_index_read_status(const char *cmd, int rc, const lx_error *err)
{
	if (rc == LX_OK)
		return LX_EXIT_OK;
	if (rc == LX_ERR_IO && ferror(stdout))
		return lx_cli_write_failed(cmd);
	fprintf(stderr, "lexcn %s: %s\n", cmd, err->msg);
	if (rc == LX_ERR_IO)
		return LX_EXIT_INTERNAL;
	if (rc == LX_ERR_NOT_FOUND)
		return LX_EXIT_INPUT;
	return lx_exit_status(rc);
}

void lx_cli_report_skipped(const char *cmd, const char *dir,
                           const lx_files *files)
{
	for (size_t i = 0; i < files->n_skipped; i++)
		fprintf(stderr, "lexcn %s: skipped %s\n", cmd,
		        files->skipped[i]);
	if (files->n_skipped)
		fprintf(stderr, "lexcn %s: %s: %zu documents, %zu other "
		        "entries skipped\n", cmd, dir, files->n,
		        files->n_skipped);
}

int lx_cli_check_as_of(const char *cmd, const char *as_of)
{
	lx_set *probe = NULL;
	int bad = as_of && (lx_set_new(&probe) || lx_set_as_of(probe, as_of));
	lx_set_free(probe);
	if (!bad)
		return 0;
	fprintf(stderr, "lexcn %s: --as-of %s: not a date YYYY-MM-DD\n", cmd,
	        as_of);
	return LX_EXIT_USAGE;
}

/* Only ASCII option names are options: getopt would read "-高空抛物" as
 * the options -\xe9 -\xab..., so such arguments are taken out before it
 * runs.  An argument that starts with one '-' is an option when it is
 * "-X" followed by ASCII letters and digits only (-c, -l10), or -X of an
 * option that takes a value (-d/tmp/db); else it is an operand
 * ("-高空抛物 罚款", "-(a OR b)", "-jurisdiction:北京市"), unless it is the
 * value of the option before it (--db -x). */
static bool dashed_operand(const char *a, const char *shortopts)
{
	if (a[0] != '-' || !a[1] || a[1] == '-')
		return false;
	const char *s = (unsigned char)a[1] < 0x80 && a[1] != ':'
	                        ? strchr(shortopts, a[1])
	                        : NULL;
	if (s && s[1] == ':')
		return false;
	for (const char *c = a + 1; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9')))
			return true;
	return false;
}

int lx_cli_take_dashed(int *argc, char **argv, const char *shortopts,
                       const struct option *longopts, char **out, int max)
{
	int n = 0, w = 1;
	bool value_next = false, rest = false;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		bool dashed = !rest && !value_next && dashed_operand(a, shortopts);
		bool was_value = value_next;
		value_next = false;
		if (!was_value && !rest && !strcmp(a, "--"))
			rest = true;
		else if (!was_value && !rest && a[0] == '-' && a[1] == '-') {
			/* --name takes the next argument unless --name=V */
			size_t nl = strcspn(a + 2, "=");
			for (const struct option *o = longopts; o && o->name; o++)
				if (strlen(o->name) == nl &&
				    !strncmp(o->name, a + 2, nl) &&
				    o->has_arg == required_argument && !a[2 + nl])
					value_next = true;
		} else if (!was_value && !rest && a[0] == '-' && a[1] && !dashed) {
			/* -x takes the next argument when x: and nothing follows */
			const char *s = strchr(shortopts, a[1]);
			value_next = s && s[1] == ':' && !a[2];
		}
		if (dashed && n < max) {
			out[n++] = argv[i];
			continue;
		}
		argv[w++] = argv[i];
	}
	*argc = w;
	argv[w] = NULL;
	return n;
}
