/*
 * fuzz_query.c: the search query language: any query against a small
 * index (built once per process in a temporary directory) is answered or
 * refused with a message.
 */
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>

#include "fuzz.h"

#include <lexcn/index.h>

static const char sample[] =
	"# 北京市促进中小企业发展条例\n\n2020年9月25日 北京市第十五届人民代表大会常务委员会第二十四次会议通过\n\n"
	"<!-- INFO END -->\n\n## 第一章 总则\n\n"
	"第一条 为了优化中小企业经营环境，根据《中华人民共和国中小企业促进法》，制定本条例。\n\n"
	"第二条 向中小企业预留的采购份额应当占本部门年度政府采购项目预算总额的百分之四十以上。\n\n"
	"前款规定的预留份额，其中预留给小型微型企业的比例不低于百分之七十。\n";

static char dir[] = "/tmp/lexcn-fuzz-XXXXXX"; /* the fixture's index */

static void rm_dir(void)
{
	lx_index_destroy(dir, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static lx_index *db; /* one per process: the target's fixture */
	static lx_tokenizer *tk;
	lx_error err;
	if (!db) {
		lx_doc *d;
		if (!mkdtemp(dir) || lx_tokenizer_new(&tk, true, &err) ||
		    lx_parse_buffer(&d, fuzz_grammars(), "sample.md", sample,
		                    sizeof(sample) - 1, NULL, &err) ||
		    lx_cite_find(d, fuzz_grammars(), &err) ||
		    lx_index_open(&db, dir, true, &err) ||
		    lx_index_add(db, tk, d, "sample.md", "0", true, &err) ||
		    lx_index_commit(db, &err))
			abort();
		atexit(rm_dir);
		lx_doc_free(d);
	}
	char *q = malloc(size + 1);
	if (!q)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';
	/* The first byte picks --within and --sort. */
	lx_search_opts o = {.limit = 10, .exact_count = true, .facets = true,
	                    .within = size && data[0] % 2 ? 'p' : 0,
	                    .sort = (lx_sort)(size ? (data[0] / 2) % 4 : 0)};
	lx_results *r = NULL;
	int rc = lx_search(db, tk, q, &o, &r, &err);
	for (size_t k = 0; rc == 0 && k < lx_results_len(r); k++) {
		/* Snippets and highlights of each hit, as search prints them. */
		const lx_span_hl *hl = NULL;
		size_t n = 0;
		const char *sn = lx_hit_snippet(r, k, &hl, &n);
		for (size_t i = 0; sn && i < n; i++)
			if (hl[i].start > hl[i].end || hl[i].end > strlen(sn))
				abort(); /* a highlight outside its snippet */
	}
	if (rc == 0)
		lx_results_free(r);
	else if (rc == LX_ERR_USAGE && !err.msg[0])
		abort(); /* a refused query says why */
	free(q);
	return 0;
}
