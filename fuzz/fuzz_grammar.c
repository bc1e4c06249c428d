/*
 * fuzz_grammar.c: loading a grammar file of any content: it loads or it is
 * refused with a file:line:col message, never more.  A grammar that loads
 * is used: a sample text and the input itself are scanned for its start
 * characters, and every key's matches are walked, each inside the text and
 * each moving forward (in the input only when it is valid UTF-8, as every
 * text the library matches is: the patterns run without PCRE2's UTF
 * check).
 */
#include "fuzz.h"
#include "../parser/lx_int.h"

static const char sample[] =
	"第一章 总则\n第一条 为了促进中小企业发展，根据《中华人民共和国"
	"中小企业促进法》，制定本条例。\n第二条之一 本条例所称中小企业，"
	"是指（以下简称企业）。依照本条例第四十五条第三项、前款第一至第四项"
	"和第十条至第十五条的规定。\n（一）政府采购；\n1. 融资担保；\n"
	"一、加强服务。西发改文〔2023〕71号 Art. 2 (a) 2023年1月1日起施行。";

static bool valid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		UChar32 c;
		U8_NEXT((const uint8_t *)s, i, len, c);
		if (c < 0)
			return false;
	}
	return true;
}

static void walk(const lx_grammar *g, const char *s, size_t len,
                 pcre2_match_data *md)
{
	lx_hits h = {0};
	lx_grammar_scan(g, s, len, &h);
	for (size_t k = 0; k < h.n; k++)
		if (h.pos[k] >= len)
			abort(); /* a hit outside the text */
	for (int key = 0; key < LX_K_COUNT && valid_utf8(s, len); key++) {
		(void)lx_hits_hint(g, (lx_key)key, &h, s, len);
		(void)lx_grammar_may_match(g, (lx_key)key, s, len);
		lx_match m;
		size_t off = 0;
		for (int n = 0; n < 64 && off < len; n++) {
			size_t was = off;
			if (!lx_hits_next(g, (lx_key)key, &h, s, len, &off, md,
			                  &m))
				break;
			if (off <= was || off > len || m.ov[0] > m.ov[1] ||
			    m.ov[1] > len)
				abort(); /* no progress, or outside the text */
		}
	}
	lx_hits_free(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lx_grammars *g = NULL;
	lx_error err;
	if (lx_grammars_builtin(&g, &err))
		abort();
	err.msg[0] = '\0';
	if (lx_grammars_add_buffer(g, "fuzz.grammar", (const char *)data, size,
	                           &err)) {
		if (strncmp(err.msg, "fuzz.grammar", 12))
			abort(); /* an error must name the file */
		lx_grammars_free(g);
		return 0;
	}
	/* The last added wins: the grammar just loaded. */
	const lx_grammar *mine = lx_grammars_find(g, "fuzz.grammar");
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	if (!mine || !md)
		abort();
	walk(mine, sample, sizeof(sample) - 1, md);
	walk(mine, (const char *)data, size, md);
	pcre2_match_data_free(md);
	lx_grammars_free(g);
	return 0;
}
