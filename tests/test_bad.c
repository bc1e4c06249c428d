/*
 * test_bad.c: the bad-input suite of tests/bad/ (see its README.md), one
 * cmocka test per line of tests/bad/cases.  Each case runs the CLI,
 * `lexcn parse --format json`, on a file of tests/bad/ or on an input made
 * here (too large to keep, or a re-encoding of a sample), and checks the
 * expected outcome: the exit status and a one-line message naming the file
 * (and line), or a parse whose tree, diagnostics and text are as expected.
 * Bad input never crashes or hangs: a run over 10 minutes fails the case.
 */
#include <ctype.h>
#include <jansson.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unicode/ucnv.h>
#include <unistd.h>

#include "lxtest.h"
#include "../parser/files.h"

#define CASES "tests/bad/cases"

typedef struct bad_case {
	char name[64];
	char input[256];
	char expect[1024];
} bad_case;

static char tmpdir[64];

static void spit(const char *path, const char *b, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* ---- inputs made by the runner ------------------------------------------ */

/* Chinese numeral for 1..100000, as in labels. */
static void cn(long v, char *out, size_t cap)
{
	static const char *const dg[] = {"零", "一", "二", "三", "四",
	                                 "五", "六", "七", "八", "九"};
	static const char *const un[] = {"万", "千", "百", "十", ""};
	long div[] = {10000, 1000, 100, 10, 1};
	out[0] = '\0';
	if (v == 100000) {
		snprintf(out, cap, "十万");
		return;
	}
	bool zero = false, started = false;
	for (int k = 0; k < 5; k++) {
		long q = (v / div[k]) % 10;
		if (q) {
			if (zero)
				strncat(out, dg[0], cap - strlen(out) - 1);
			if (!(q == 1 && k == 3 && !started))
				strncat(out, dg[q], cap - strlen(out) - 1);
			strncat(out, un[k], cap - strlen(out) - 1);
			started = true;
			zero = false;
		} else if (started) {
			zero = true;
		}
	}
}

/* LF line ends of s as CRLF or CR. */
static char *line_ends(const char *s, size_t len, const char *eol,
                       size_t *out_len)
{
	char *o = malloc(len * 2 + 1);
	size_t n = 0, el = strlen(eol);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			memcpy(o + n, eol, el);
			n += el;
		} else {
			o[n++] = s[i];
		}
	}
	*out_len = n;
	return o;
}

/* reencode(CHARSET[+BOM][+CRLF],SRC) and lines(CRLF|CR,SRC) */
static void reencode(const char *spec, const char *out, bool lines_only)
{
	char cs[64];
	const char *comma = strchr(spec, ',');
	assert_non_null(comma);
	snprintf(cs, sizeof(cs), "%.*s", (int)(comma - spec), spec);
	size_t len;
	char *src = lx_read_all(comma + 1, &len);
	if (!src)
		fail_msg("cannot read %s", comma + 1);
	const char *eol = lines_only ? (!strcmp(cs, "CR") ? "\r" : "\r\n")
	                             : (strstr(cs, "+CRLF") ? "\r\n" : NULL);
	if (eol) {
		size_t nl;
		char *t = line_ends(src, len, eol, &nl);
		free(src);
		src = t;
		len = nl;
	}
	if (lines_only) {
		spit(out, src, len);
		free(src);
		return;
	}
	bool bom = strstr(cs, "+BOM") != NULL;
	char *plus = strchr(cs, '+');
	if (plus)
		*plus = '\0';
	size_t cap = len * 4 + 16;
	char *o = malloc(cap);
	size_t n = 0;
	if (bom && !strcmp(cs, "UTF-8"))
		memcpy(o, "\xEF\xBB\xBF", n = 3);
	else if (bom && !strcmp(cs, "UTF-16LE"))
		memcpy(o, "\xFF\xFE", n = 2);
	else if (bom && !strcmp(cs, "UTF-16BE"))
		memcpy(o, "\xFE\xFF", n = 2);
	UErrorCode st = U_ZERO_ERROR;
	int32_t w = ucnv_convert(cs, "UTF-8", o + n, (int32_t)(cap - n), src,
	                         (int32_t)len, &st);
	if (U_FAILURE(st))
		fail_msg("%s: %s", spec, u_errorName(st));
	spit(out, o, n + (size_t)w);
	free(o);
	free(src);
}

static void make_big(const char *kind, long arg, const char *out)
{
	char num[64];
	size_t cap, len = 0;
	char *b;
	if (!strcmp(kind, "long-line")) {
		/* One line of arg MB: an article whose text never ends. */
		const char *unit = "中小企业可以依法享受税收优惠，";
		size_t ul = strlen(unit), reps = (size_t)arg * 1024 * 1024 / ul;
		cap = reps * ul + 32;
		b = malloc(cap);
		len = (size_t)snprintf(b, cap, "第一条 ");
		for (size_t i = 0; i < reps; i++, len += ul)
			memcpy(b + len, unit, ul);
	} else if (!strcmp(kind, "items")) {
		cap = (size_t)arg * 64 + 64;
		b = malloc(cap);
		len = (size_t)snprintf(b, cap, "第一条 下列事项：\n");
		for (long i = 1; i <= arg; i++) {
			cn(i, num, sizeof(num));
			len += (size_t)snprintf(b + len, cap - len, "（%s）事项；\n",
			                        num);
		}
	} else if (!strcmp(kind, "chapters")) {
		cap = (size_t)arg * 96;
		b = malloc(cap);
		for (long i = 1; i <= arg; i++) {
			cn(i, num, sizeof(num));
			len += (size_t)snprintf(b + len, cap - len,
			                        "第%s章 标题\n第%s条 正文。\n", num,
			                        num);
		}
	} else if (!strcmp(kind, "sparse")) {
		/* A file of arg MB that takes no space. */
		FILE *f = fopen(out, "wb");
		assert_non_null(f);
		assert_int_equal(ftruncate(fileno(f), (off_t)arg * 1024 * 1024), 0);
		fclose(f);
		return;
	} else {
		fail_msg("unknown input maker %s", kind);
		return;
	}
	spit(out, b, len);
	free(b);
}

/* The path of the input of c, made when it is not a file of tests/bad/. */
static void make_input(const bad_case *c, char *path, size_t cap)
{
	const char *in = c->input, *open = strchr(in, '(');
	if (!open) {
		snprintf(path, cap, "tests/bad/%s", in);
		return;
	}
	snprintf(path, cap, "%s/%s.txt", tmpdir, c->name);
	char kind[32], arg[256];
	snprintf(kind, sizeof(kind), "%.*s", (int)(open - in), in);
	snprintf(arg, sizeof(arg), "%s", open + 1);
	char *close = strrchr(arg, ')');
	if (close)
		*close = '\0';
	if (!strcmp(kind, "reencode"))
		reencode(arg, path, false);
	else if (!strcmp(kind, "lines"))
		reencode(arg, path, true);
	else if (!strcmp(kind, "directory"))
		assert_int_equal(mkdir(path, 0755), 0);
	else if (strcmp(kind, "missing"))
		make_big(kind, atol(arg), path);
}

/* ---- running the CLI -------------------------------------------------- */

typedef struct run {
	int status;
	char *out, *err;
	size_t out_len, err_len;
} run;

static void run_parse(const char *input, const char *tag, run *r)
{
	const char *lexcn = getenv("LEXCN") ? getenv("LEXCN") : "build/lexcn";
	char out[128], err[128], cmd[1024];
	snprintf(out, sizeof(out), "%s/%s.out", tmpdir, tag);
	snprintf(err, sizeof(err), "%s/%s.err", tmpdir, tag);
	snprintf(cmd, sizeof(cmd),
	         "timeout 600 '%s' parse --format json '%s' >'%s' 2>'%s'", lexcn,
	         input, out, err);
	int st = system(cmd);
	assert_true(WIFEXITED(st));
	r->status = WEXITSTATUS(st);
	if (r->status == 124)
		fail_msg("%s: lexcn parse ran over 10 minutes", input);
	if (r->status > 7)
		fail_msg("%s: exit status %d (crash?)", input, r->status);
	r->out = lx_read_all(out, &r->out_len);
	r->err = lx_read_all(err, &r->err_len);
	assert_non_null(r->out);
	assert_non_null(r->err);
}

static void run_free(run *r)
{
	free(r->out);
	free(r->err);
}

static size_t count_type(json_t *nodes, const char *type)
{
	size_t n = 0, i;
	json_t *x;
	json_array_foreach(nodes, i, x)
	{
		const char *t = json_string_value(json_object_get(x, "type"));
		n += t && !strcmp(t, type);
		n += count_type(json_object_get(x, "children"), type);
	}
	return n;
}

static size_t count_diag(json_t *doc, const char *code)
{
	size_t n = 0, i;
	json_t *x;
	json_array_foreach(json_object_get(doc, "diagnostics"), i, x)
	{
		const char *c = json_string_value(json_object_get(x, "code"));
		n += c && !strcmp(c, code);
	}
	return n;
}

static json_t *load_json(const run *r, const char *input)
{
	json_error_t je;
	json_t *j = json_loadb(r->out, r->out_len, 0, &je);
	if (!j)
		fail_msg("%s: the JSON output does not load: %s (line %d)", input,
		         je.text, je.line);
	return j;
}

/* The same document as the one parsed from src, but for its source. */
static void check_same(json_t *doc, const char *input, const char *src)
{
	run r;
	run_parse(src, "same", &r);
	assert_int_equal(r.status, 0);
	json_t *want = load_json(&r, src);
	json_object_del(want, "source");
	json_object_del(doc, "source");
	const char *k;
	json_t *v;
	json_object_foreach(want, k, v)
	{
		if (!json_equal(v, json_object_get(doc, k)))
			fail_msg("%s: \"%s\" differs from that of %s", input, k, src);
	}
	assert_int_equal(json_object_size(want), json_object_size(doc));
	json_decref(want);
	run_free(&r);
}

static void check_text_kept(const char *input)
{
	size_t len;
	char *raw = lx_read_all(input, &len);
	assert_non_null(raw);
	lx_doc *d = NULL;
	lx_error err = {0};
	if (lx_parse_file(&d, G, input, NULL, &err) ||
	    lx_cite_find(d, G, &err))
		fail_msg("%s", err.msg);
	lx_error lost;
	if (lx_doc_check_text(d, raw, len, &lost))
		fail_msg("%s: text lost: %s", input, lost.msg);
	lx_doc_free(d);
	free(raw);
}

/* The next key=value of an expectation list ("quoted" values allowed). */
static bool next_check(const char **p, char *key, char *val, size_t cap)
{
	const char *s = *p;
	while (*s == ' ')
		s++;
	if (!*s)
		return false;
	const char *eq = strchr(s, '=');
	assert_non_null(eq);
	snprintf(key, cap, "%.*s", (int)(eq - s), s);
	s = eq + 1;
	const char *end;
	if (*s == '"') {
		end = strchr(s + 1, '"');
		assert_non_null(end);
		snprintf(val, cap, "%.*s", (int)(end - s - 1), s + 1);
		end++;
	} else {
		end = s + strcspn(s, " ");
		snprintf(val, cap, "%.*s", (int)(end - s), s);
	}
	*p = end;
	return true;
}

static void bad_input(void **state)
{
	const bad_case *c = *state;
	char input[512];
	make_input(c, input, sizeof(input));
	run r;
	run_parse(input, c->name, &r);
	char key[256], val[256];
	const char *p = c->expect;
	json_t *doc = NULL;
	while (next_check(&p, key, val, sizeof(key))) {
		if (!strcmp(key, "exit")) {
			if (r.status != atoi(val))
				fail_msg("%s: exit status %d, expected %s; stderr: %s",
				         c->name, r.status, val, r.err);
			if (r.status) {
				/* One line, naming the file. */
				char *nl = strchr(r.err, '\n');
				assert_non_null(nl);
				assert_int_equal(nl[1], '\0');
				assert_non_null(strstr(r.err, input));
			} else {
				doc = load_json(&r, input);
			}
		} else if (!strcmp(key, "err")) {
			if (!strstr(r.err, val))
				fail_msg("%s: stderr has no \"%s\": %s", c->name, val,
				         r.err);
		} else if (!strcmp(key, "line")) {
			char want[1024];
			snprintf(want, sizeof(want), "%s:%s: ", input, val);
			if (!strstr(r.err, want))
				fail_msg("%s: stderr does not name line %s: %s",
				         c->name, val, r.err);
		} else if (!doc) {
			fail_msg("%s: %s= needs exit=0 before it", c->name, key);
		} else if (!strcmp(key, "diag") || !strcmp(key, "nodiag")) {
			size_t n = count_diag(doc, val);
			if ((key[0] == 'n') != (n == 0))
				fail_msg("%s: %zu %s diagnostics", c->name, n, val);
		} else if (!strcmp(key, "cites")) {
			assert_int_equal(
				json_array_size(json_object_get(doc, "citations")),
				atol(val));
		} else if (!strcmp(key, "text")) {
			check_text_kept(input);
		} else if (!strcmp(key, "same")) {
			check_same(doc, input, val);
		} else {
			/* articles=N, chapters=N, paragraphs=N, items=N */
			char type[64];
			snprintf(type, sizeof(type), "%.*s", (int)strlen(key) - 1,
			         key);
			size_t n = count_type(json_object_get(doc, "body"), type);
			if (n != (size_t)atol(val))
				fail_msg("%s: %zu %s, expected %s", c->name, n, key,
				         val);
		}
	}
	json_decref(doc);
	run_free(&r);
	if (strchr(c->input, '('))
		remove(input); /* made here; a directory too */
}

/* ---- the library, given what is not a file ------------------------------ */

static void files_that_are_not_there(void **state)
{
	(void)state;
	lx_doc *d;
	lx_error err = {0};
	assert_int_equal(lx_parse_file(&d, G, "/nonexistent/x.txt", NULL, &err),
	                 LX_ERR_IO);
	assert_non_null(strstr(err.msg, "/nonexistent/x.txt"));
	assert_int_equal(lx_parse_file(&d, G, "tests", NULL, &err), LX_ERR_IO);
	assert_string_equal(err.msg, "tests: is a directory, not a file");
	assert_null(d);
}

static size_t load_cases(bad_case **out)
{
	FILE *f = fopen(CASES, "r");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", CASES);
		exit(1);
	}
	char line[2048];
	size_t n = 0;
	bad_case *cs = NULL;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		cs = realloc(cs, (n + 1) * sizeof(*cs));
		bad_case *c = &cs[n++];
		int used = 0;
		if (sscanf(line, "%63s %255s %n", c->name, c->input, &used) < 2 ||
		    !used) {
			fprintf(stderr, "%s: bad line: %s\n", CASES, line);
			exit(1);
		}
		snprintf(c->expect, sizeof(c->expect), "%s", line + used);
	}
	fclose(f);
	*out = cs;
	return n;
}

int main(void)
{
	bad_case *cs;
	size_t n = load_cases(&cs);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/lexcn-bad-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	struct CMUnitTest *tests = calloc(n + 1, sizeof(*tests));
	for (size_t i = 0; i < n; i++) {
		tests[i].name = cs[i].name;
		tests[i].test_func = bad_input;
		tests[i].initial_state = &cs[i];
	}
	tests[n].name = "files_that_are_not_there";
	tests[n].test_func = files_that_are_not_there;
	int rc = _cmocka_run_group_tests("bad input (tests/bad/cases)", tests,
	                                 n + 1, setup_grammars,
	                                 teardown_grammars);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		rc = 1;
	free(tests);
	free(cs);
	return rc;
}
