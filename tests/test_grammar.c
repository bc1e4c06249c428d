/*
 * test_grammar.c: grammar files load or fail with file:line:col; a new
 * document family is a new grammar file, not new C.
 */
#include "lxtest.h"
#include "../parser/lx_int.h"

static int load(lx_grammars *set, const char *text, lx_error *err)
{
	return lx_grammars_add_buffer(set, "t.grammar", text, strlen(text),
	                              err);
}

static void errors_name_file_line_col(void **state)
{
	(void)state;
	lx_grammars *set = test_grammars();
	lx_error err = {0};
	assert_int_equal(load(set, "name x\narticle ^第(\n", &err),
	                 LX_ERR_GRAMMAR);
	assert_non_null(strstr(err.msg, "t.grammar:2:"));
	assert_non_null(strstr(err.msg, "bad pattern for 'article'"));
	assert_int_equal(load(set, "name x\n\nartcle ^a$\n", &err),
	                 LX_ERR_GRAMMAR);
	assert_string_equal(err.msg, "t.grammar:3:1: unknown key 'artcle'");
	assert_int_equal(load(set, "name x\narticle ^{NOPE}$\n", &err),
	                 LX_ERR_GRAMMAR);
	assert_string_equal(err.msg,
	                    "t.grammar:2:10: unknown macro in pattern");
	assert_int_equal(load(set, "article ^a$\n", &err), LX_ERR_GRAMMAR);
	assert_non_null(strstr(err.msg, "no 'name' line"));
	assert_int_equal(load(set, "name x\narticle\n", &err), LX_ERR_GRAMMAR);
	assert_non_null(strstr(err.msg, "has no pattern"));
	assert_int_equal(load(set, "name x\ndetect nothing\n", &err),
	                 LX_ERR_GRAMMAR);
	const char nul[] = "name x\0\n";
	assert_int_equal(lx_grammars_add_buffer(set, "t.grammar", nul,
	                                        sizeof(nul) - 1, &err),
	                 LX_ERR_GRAMMAR);
	assert_int_equal(lx_grammars_add_file(set, "/nonexistent.grammar",
	                                      &err),
	                 LX_ERR_IO);
	assert_non_null(strstr(err.msg, "/nonexistent.grammar"));
	lx_grammars_free(set);
}

/* Start literals beginning with n different characters (A-Z, a-z, 0-9,
 * then !$%), and a text holding each of them. */
static char *many_starts(int n, char *text)
{
	static const char cs[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!$%";
	char *g = malloc(64 + 3 * (size_t)n);
	char *p = g + sprintf(g, "name many\narticle ^x$\nstart article");
	for (int i = 0; i < n; i++) {
		p += sprintf(p, " %c", cs[i]);
		text[i] = cs[i];
	}
	text[n] = '\0';
	strcpy(p, "\n");
	return g;
}

/* The scanner has one mask bit per start character: 64 load and are all
 * seen, 65 are refused at load (once loaded, scanning shifted by 64). */
static void start_characters_at_most_64(void **state)
{
	(void)state;
	lx_grammars *set = test_grammars();
	lx_error err = {0};
	char text[80];
	char *g = many_starts(64, text);
	if (load(set, g, &err))
		fail_msg("%s", err.msg);
	free(g);
	const lx_grammar *many = lx_grammars_find(set, "many");
	assert_non_null(many);
	lx_hits h = {0};
	lx_grammar_scan(many, text, strlen(text), &h);
	assert_int_equal(h.n, 64);
	assert_true(h.mask == UINT64_MAX);
	lx_hits_free(&h);
	g = many_starts(65, text);
	err.msg[0] = '\0';
	int rc = load(set, g, &err);
	free(g);
	if (rc == LX_OK) {
		/* What the guard prevents: a scan with 65 start characters. */
		lx_grammar_scan(lx_grammars_find(set, "many"), text,
		                strlen(text), &h);
		lx_hits_free(&h);
	}
	assert_int_equal(rc, LX_ERR_GRAMMAR);
	assert_int_equal(err.code, LX_ERR_GRAMMAR);
	assert_string_equal(err.msg,
	                    "t.grammar:1:1: start and hint literals begin with "
	                    "more than 64 different characters");
	lx_grammars_free(set);
}

static void builtins(void **state)
{
	(void)state;
	lx_grammars *set = test_grammars();
	assert_non_null(lx_grammars_find(set, "statute"));
	assert_non_null(lx_grammars_find(set, "policy"));
	assert_true(lx_grammar_has_structure(lx_grammars_find(set, "statute")));
	assert_false(lx_grammar_has_structure(
		lx_grammars_find(set, "metadata")));
	lx_grammars_free(set);
}

/* A family lexcn did not know: 规则 with articles "Art. N" and items "(a)",
 * added as data only. */
static void new_family_is_data(void **state)
{
	(void)state;
	lx_grammars *set = test_grammars();
	lx_error err = {0};
	const char *g = "name bilingual\n"
	                "define N [0-9]+\n"
	                "chapter ^(?<label>Chapter (?<num>{N}))\\s+"
	                "(?<heading>.+)$\n"
	                "article ^(?<label>Art\\. (?<num>{N}))\\s+(?<text>.*)$\n"
	                "item ^(?<label>\\((?<num>[0-9])\\))\\s*(?<text>.*)$\n";
	if (load(set, g, &err))
		fail_msg("%s", err.msg);
	const char *doc = "# Rules\n\n<!-- INFO END -->\n\nChapter 1 General\n"
	                  "Art. 1 These rules apply.\nArt. 2 Members:\n"
	                  "(1) one;\n(2) two.\nArt. 4 Gap.\n";
	lx_parse_opts o = {.grammar = lx_grammars_find(set, "bilingual")};
	lx_doc *d;
	if (lx_parse_buffer(&d, set, "r.md", doc, strlen(doc), &o, &err))
		fail_msg("%s", err.msg);
	assert_str(lx_doc_grammar(d), "bilingual");
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 3);
	assert_str(lx_node_get_heading(test_find(d, "chp_1")), "General");
	assert_int_equal(test_children(test_find(d, "art_2__para_1"),
	                               LX_NODE_ITEM),
	                 2);
	assert_int_equal(test_diags(d, "numbering-gap"), 1);
	lx_doc_free(d);
	lx_grammars_free(set);
}

/* Hints are found wherever they stand (one memchr of their last byte,
 * then a compare): at the start, at the end, after false candidates. */
static void hints_anywhere(void **state)
{
	(void)state;
	lx_grammars *set = test_grammars();
	lx_error err = {0};
	assert_int_equal(load(set, "name h\neffective 施行\n"
	                           "hint effective 起施行 此前\n",
	                      &err),
	                 LX_OK);
	const lx_grammar *g = lx_grammars_find(set, "h");
	assert_non_null(g);
	static const char *yes[] = {"起施行", "自公布之日起施行", "起施行。",
	                            "施行起施行", "此前", "a此前b"};
	static const char *no[] = {"", "施行", "起施", "自公布之日施行",
	                           "行行行", "此 前"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(lx_grammar_may_match(g, LX_K_EFFECTIVE, yes[i],
		                                 strlen(yes[i])));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(lx_grammar_may_match(g, LX_K_EFFECTIVE, no[i],
		                                  strlen(no[i])));
	/* The length given, not the terminating NUL, ends the text. */
	assert_false(lx_grammar_may_match(g, LX_K_EFFECTIVE, "起施行",
	                                  strlen("起施")));
	lx_grammars_free(set);
}

/* The bytes a rule needs are checked before pcre2_match: a match is still
 * found after them, anchored or not, and a caseless pattern (whose first
 * byte may be another case's) is never filtered. */
static void needed_bytes(void **state)
{
	(void)state;
	lx_grammars *set = test_grammars();
	lx_error err = {0};
	assert_int_equal(load(set, "name n\n"
	                           "effective 第(?<n>[一二三])条规定\n"
	                           "repeal ^本法\n"
	                           "valid_until (?i)éa\n"
	                           "validity_years x(?i:ü)\n",
	                      &err),
	                 LX_OK);
	const lx_grammar *g = lx_grammars_find(set, "n");
	pcre2_match_data *md = pcre2_match_data_create(16, NULL);
	lx_match m;
	size_t a, b;
	const char *s = "依照第四条和第二条规定";
	assert_true(lx_match_key(g, LX_K_EFFECTIVE, s, strlen(s), md, &m));
	lx_match_span(&m, &a, &b);
	assert_int_equal(a, strlen("依照第四条和"));
	assert_int_equal(b, strlen(s));
	s = "依照第二条";
	assert_false(lx_match_key(g, LX_K_EFFECTIVE, s, strlen(s), md, &m));
	s = "本法所称";
	assert_true(lx_match_key(g, LX_K_REPEAL, s, strlen(s), md, &m));
	s = "依照本法";
	assert_false(lx_match_key(g, LX_K_REPEAL, s, strlen(s), md, &m));
	s = "ÉA";
	assert_true(lx_match_key(g, LX_K_VALID_UNTIL, s, strlen(s), md, &m));
	s = "xÜ";
	assert_true(lx_match_key(g, LX_K_VALIDITY_YEARS, s, strlen(s), md,
	                         &m));
	pcre2_match_data_free(md);
	lx_grammars_free(set);
}

/* A rule ending in (?<NAME>.*)$ or .+)$ runs without that tail (lx_rule):
 * on random subjects (newlines inside and at the end, empty rests), every
 * rule answers as its pattern compiled by PCRE2 itself, unanchored from 0
 * and anchored at each character (lx_match_rule_at), group by group. */
static void tail_same_as_pattern(void **state)
{
	(void)state;
	static const char *const pats[] = {
		"^(?<label>第(?<num>[0-9]+)条)(?:\\s*【(?<heading>[^】]*)】|(?=\\s)|$)\\s*(?<text>.*)$",
		"^(?<label>（[0-9]）)\\s*(?<text>.+)$",
		"a|(?<text>.*)$",
		"(?<label>x)(?<text>.*)$",
		"第(?<n>[0-9])节\\s*(?<text>.+)$",
	};
	static const char *const keys[] = {"article", "item", "closing",
	                                   "chapter", "section"};
	static const lx_key ids[] = {LX_K_ARTICLE, LX_K_ITEM, LX_K_CLOSING,
	                             LX_K_CHAPTER, LX_K_SECTION};
	char g[2048];
	size_t at = (size_t)snprintf(g, sizeof(g), "name tail\n");
	for (size_t k = 0; k < 5; k++)
		at += (size_t)snprintf(g + at, sizeof(g) - at, "%s %s\n", keys[k],
		                       pats[k]);
	snprintf(g + at, sizeof(g) - at, "start section 第\n");
	lx_grammars *set = test_grammars();
	lx_error err = {0};
	assert_int_equal(load(set, g, &err), LX_OK);
	const lx_grammar *gr = lx_grammars_find(set, "tail");
	static const char *const alpha[] = {"第", "1", "条", "节", "【", "】",
	                                    "（", "）", " ", "a", "x", "\n"};
	pcre2_match_data *md = pcre2_match_data_create(16, NULL);
	pcre2_match_data *md2 = pcre2_match_data_create(16, NULL);
	uint64_t seed = 2026;
	size_t tails = 0;
	for (size_t k = 0; k < 5; k++) {
		size_t pos = 0;
		const lx_rule *r = lx_grammar_rule(gr, ids[k], &pos);
		assert_non_null(r);
		tails += r->tail > 0;
		int ec;
		PCRE2_SIZE eo;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)pats[k],
		                               PCRE2_ZERO_TERMINATED,
		                               PCRE2_UTF | PCRE2_UCP, &ec, &eo,
		                               NULL);
		assert_non_null(re);
		uint32_t groups = 0;
		pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
		for (int n = 0; n < 3000; n++) {
			char s[128];
			size_t len = 0, starts[16], ns = 0;
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			size_t chars = (size_t)(seed >> 60);
			if (n % 3 == 0) { /* a likely match to start from */
				const char *lead = k == 1 ? "（1）" : k == 4 ? "第1节" : "第1条";
				starts[ns++] = 0;
				len = (size_t)sprintf(s, "%s", lead);
			}
			for (size_t c = 0; c < chars; c++) {
				seed = seed * 6364136223846793005ull + 1442695040888963407ull;
				starts[ns++] = len;
				len += (size_t)sprintf(s + len, "%s", alpha[(seed >> 33) % 12]);
			}
			for (size_t q = 0; q <= ns; q++) {
				size_t p = q < ns ? starts[q] : len;
				bool anchored = q > 0 || n % 2;
				lx_match m;
				int want = pcre2_match(re, (PCRE2_SPTR)s, len, p,
				                       anchored ? PCRE2_ANCHORED : 0, md2,
				                       NULL);
				int got;
				if (anchored) {
					got = lx_match_rule_at(r, s, len, p, md);
					m.ov = pcre2_get_ovector_pointer(md);
				} else {
					got = lx_match_rule(r, s, len, p, md, &m) ? 1 : -1;
				}
				assert_int_equal(got >= 0, want >= 0);
				if (want < 0)
					continue;
				const PCRE2_SIZE *w = pcre2_get_ovector_pointer(md2);
				for (uint32_t gi = 0; gi <= groups; gi++) {
					assert_int_equal(m.ov[2 * gi], w[2 * gi]);
					assert_int_equal(m.ov[2 * gi + 1], w[2 * gi + 1]);
				}
			}
		}
		pcre2_code_free(re);
	}
	/* The top-level alternation keeps its tail: four of five. */
	assert_int_equal(tails, 4);
	pcre2_match_data_free(md);
	pcre2_match_data_free(md2);
	lx_grammars_free(set);
}

/* The scan for start literals decodes ASCII, three- and four-byte
 * characters alike: the hits stand at the literals' first bytes. */
static void scan_positions(void **state)
{
	(void)state;
	lx_grammars *set = test_grammars();
	lx_error err = {0};
	assert_int_equal(load(set, "name s\ncite_heading 第\n"
	                           "start cite_heading 第 （ 😀\n",
	                      &err),
	                 LX_OK);
	const lx_grammar *g = lx_grammars_find(set, "s");
	lx_hits h = {0};
	const char *s = "a第😀第xé（";
	lx_grammar_scan(g, s, strlen(s), &h);
	assert_false(h.oom);
	assert_int_equal(h.n, 4);
	assert_int_equal(h.pos[0], 1);
	assert_int_equal(h.pos[1], 4);
	assert_int_equal(h.pos[2], 8);
	assert_int_equal(h.pos[3], 14);
	assert_int_equal(h.cp[0], 0x7B2C);
	assert_int_equal(h.cp[1], 0x1F600);
	assert_int_equal(h.cp[3], 0xFF08);
	assert_int_equal(__builtin_popcountll(h.mask), 3);
	lx_grammar_scan(g, "abc", 3, &h);
	assert_int_equal(h.n, 0);
	assert_int_equal(h.mask, 0);
	lx_hits_free(&h);
	lx_grammars_free(set);
}

static void auto_choice(void **state)
{
	(void)state;
	lx_grammars *set = test_grammars();
	lx_doc *d = test_parse(set, SEED_POLICY);
	assert_str(lx_doc_grammar(d), "policy");
	lx_doc_free(d);
	d = test_parse(set, SEED_BEIJING);
	assert_str(lx_doc_grammar(d), "statute");
	lx_doc_free(d);
	/* Overridden: the policy grammar on a statute finds no measures. */
	lx_parse_opts o = {.grammar = lx_grammars_find(set, "policy")};
	lx_error err;
	assert_int_equal(lx_parse_file(&d, set, SEED_BEIJING, &o, &err), 0);
	assert_str(lx_doc_grammar(d), "policy");
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 0);
	lx_doc_free(d);
	lx_grammars_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errors_name_file_line_col),
		cmocka_unit_test(start_characters_at_most_64),
		cmocka_unit_test(builtins),
		cmocka_unit_test(new_family_is_data),
		cmocka_unit_test(hints_anywhere),
		cmocka_unit_test(needed_bytes),
		cmocka_unit_test(tail_same_as_pattern),
		cmocka_unit_test(scan_positions),
		cmocka_unit_test(auto_choice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
