/*
 * test_docx.c: the DOCX reader (reader/docx.c).  Fixtures in
 * tests/data/docx/, made by tools/make_docx_fixtures.py; others built here
 * in memory with libzip (the limits, entities, odd XML).  And the round
 * trip of the issue: the statutes pandoc wrote as official documents
 * (tools/make_docx_corpus.py, tests/data/docx/statutes/) parse to the same
 * tree and metadata as their Markdown.
 */
#include <unistd.h>
#include <zip.h>

#include "lxtest.h"
#include "../reader/reader.h"
#include "roundtrip.h"

#define DIR "tests/data/docx/"

/* ---- helpers ------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* A ZIP built in memory from name/data pairs (NULL-terminated); each data
 * of len[i] bytes (or strlen when len is NULL).  malloc'd. */
static char *make_zip(const char *const *names, const char *const *data,
                      const size_t *lens, size_t *out_len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(mem);
	zip_source_keep(mem);
	zip_t *z = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (size_t i = 0; names[i]; i++) {
		size_t l = lens ? lens[i] : strlen(data[i]);
		zip_source_t *s = zip_source_buffer(z, data[i], l, 0);
		assert_non_null(s);
		assert_true(zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	zip_stat_t st;
	assert_int_equal(zip_source_stat(mem, &st), 0);
	char *out = malloc(st.size ? st.size : 1);
	assert_non_null(out);
	assert_int_equal(zip_source_open(mem), 0);
	assert_int_equal(zip_source_read(mem, out, st.size),
	                 (zip_int64_t)st.size);
	zip_source_close(mem);
	zip_source_free(mem);
	zip_error_fini(&ze);
	*out_len = st.size;
	return out;
}

#define W_DOC_OPEN                                                            \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"        \
	"<w:document xmlns:w=\"http://schemas.openxmlformats.org/"           \
	"wordprocessingml/2006/main\"><w:body>"
#define W_DOC_CLOSE "</w:body></w:document>"

/* Reads a DOCX whose document.xml is xml; returns the code. */
static int read_xml(lx_reading *r, const char *xml, lx_error *err)
{
	const char *names[] = {"word/document.xml", NULL};
	const char *data[] = {xml};
	size_t len;
	char *zip = make_zip(names, data, NULL, &len);
	int rc = lx_read_docx(r, "mem.docx", zip, len, err);
	free(zip);
	return rc;
}

static int read_file(lx_reading *r, const char *path, lx_error *err)
{
	size_t len;
	char *b = slurp(path, &len);
	int rc = lx_read_docx(r, path, b, len, err);
	free(b);
	return rc;
}

static const lx_rline *line(const lx_vec *v, size_t i)
{
	assert_true(i < v->n);
	return &LX_VEC_AT(v, lx_rline, i);
}

static size_t rdiags(const lx_reading *r, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < r->diags.n; i++)
		n += !strcmp(LX_VEC_AT(&r->diags, lx_rdiag, i).code, code);
	return n;
}

static bool any_line_has(const lx_vec *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (strstr(LX_VEC_AT(v, lx_rline, i).text, s))
			return true;
	return false;
}

/* Two parses agree node by node: type, eid, label, heading, text; and the
 * title, id and history. */
static void same_tree(const char *a_path, const char *b_path)
{
	lx_doc *a = test_parse(G, a_path), *b = test_parse(G, b_path);
	assert_str(lx_doc_title(a), lx_doc_title(b));
	assert_str(lx_doc_id(a), lx_doc_id(b));
	assert_str(lx_doc_effective(a), lx_doc_effective(b));
	const lx_event *ha, *hb;
	assert_int_equal(lx_doc_history(a, &ha), lx_doc_history(b, &hb));
	const lx_node *ra = lx_doc_body(a), *rb = lx_doc_body(b);
	const lx_node *x = ra, *y = rb;
	size_t n = 0;
	for (; x && y; x = lx_node_next_preorder(ra, x),
	               y = lx_node_next_preorder(rb, y), n++) {
		assert_int_equal(lx_node_get_type(x), lx_node_get_type(y));
		assert_string_equal(lx_node_get_eid(x), lx_node_get_eid(y));
		assert_str(lx_node_get_label(x),
		           lx_node_get_label(y) ? lx_node_get_label(y)
		                                : "(null)");
		assert_str(lx_node_get_heading(x),
		           lx_node_get_heading(y) ? lx_node_get_heading(y)
		                                  : "(null)");
		assert_str(lx_node_get_text(x), lx_node_get_text(y)
		                                        ? lx_node_get_text(y)
		                                        : "(null)");
	}
	assert_null(x);
	assert_null(y);
	assert_true(n > 15);
	assert_int_equal(lx_node_count(ra, LX_NODE_ARTICLE), 5);
	assert_int_equal(lx_node_count(ra, LX_NODE_ITEM), 5);
	lx_doc_free(a);
	lx_doc_free(b);
}

/* ---- the statute, three ways ---------------------------------------------- */

static void typed_statute_same_tree(void **state)
{
	(void)state;
	same_tree(DIR "statute-typed.docx", DIR "statute.md");
	same_tree(DIR "statute-typed.docx", DIR "statute.txt");
	lx_doc *d = test_parse(G, DIR "statute-typed.docx");
	assert_int_equal(lx_doc_source_format(d), LX_SOURCE_DOCX);
	assert_str(lx_node_get_heading(test_find(d, "chp_1")), "总则");
	assert_str(lx_node_get_text(test_find(d, "art_3__para_1__item_2")),
	           "建立中小企业促进工作协调机制；");
	lx_doc_free(d);
}

static void numbered_statute_same_tree(void **state)
{
	(void)state;
	same_tree(DIR "statute-numbered.docx", DIR "statute.md");
	same_tree(DIR "statute-numbered.docx", DIR "statute.txt");
}

static void layout_and_positions(void **state)
{
	(void)state;
	lx_reading r;
	lx_error err;
	assert_int_equal(read_file(&r, DIR "statute-numbered.docx", &err),
	                 LX_OK);
	assert_int_equal(r.lines.n, 16);
	const lx_rline *t = line(&r.lines, 0);
	assert_string_equal(t->text, "某某市促进中小企业发展条例");
	assert_int_equal(t->flags, LX_RL_CENTERED | LX_RL_BOLD | LX_RL_HEADING);
	assert_int_equal(t->pos, 1);
	assert_int_equal(t->page, 0);
	/* centred by the paragraph, not bold, no heading style */
	assert_int_equal(line(&r.lines, 1)->flags, LX_RL_CENTERED);
	/* 第一章 总则: heading 2 (centred in the style) */
	assert_string_equal(line(&r.lines, 2)->text, "第一章 总则");
	assert_int_equal(line(&r.lines, 2)->flags,
	                 LX_RL_CENTERED | LX_RL_HEADING);
	/* an article: the number from the style's list, the indent too */
	const lx_rline *a = line(&r.lines, 3);
	assert_true(!strncmp(a->text, "第一条 为了", strlen("第一条 为了")));
	assert_int_equal(a->flags, LX_RL_INDENTED);
	assert_int_equal(a->pos, 4);
	/* （一） with no suffix (w:suff nothing), restarted per article */
	assert_string_equal(line(&r.lines, 7)->text,
	                    "（一）制定促进中小企业发展的政策措施；");
	assert_string_equal(line(&r.lines, 12)->text, "（一）信息咨询；");
	assert_string_equal(line(&r.lines, 15)->text,
	                    "第五条 本条例自2021年1月1日起施行。");
	assert_int_equal(r.apart.n, 0);
	assert_int_equal(r.diags.n, 0);
	lx_reading_free(&r);
}

/* ---- numbering formats ---------------------------------------------------- */

static void numbering_formats(void **state)
{
	(void)state;
	static const char *const want[] = {
		/* the default suffix, a tab, is a space */
		"① 甲0", "①-IV. 乙0", "①-V. 乙1", "② 甲1", "②-IV. 乙0",
		"②-V. 乙1", "③ 甲2", "③-IV. 乙0", "③-V. 乙1",
		"甲、 丙", "乙、 丙", /* ideographTraditional */
		"丁",                 /* a bullet: no text */
		"y) 戊", "z) 戊", "aa) 戊", /* lowerLetter from 25 */
		"1 己",               /* cardinalText: decimal, diagnostic */
		"第九十八条 条0", "第九十九条 条1", "第一百条 条2",
		"（一）项", "无"};
	lx_reading r;
	lx_error err;
	assert_int_equal(read_file(&r, DIR "numbering.docx", &err), LX_OK);
	assert_int_equal(r.lines.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < r.lines.n; i++)
		assert_string_equal(line(&r.lines, i)->text, want[i]);
	assert_int_equal(rdiags(&r, "numbering-format"), 1);
	assert_int_equal(rdiags(&r, "numbering-missing"), 1);
	lx_reading_free(&r);
}

/* Counting in Chinese past the small numbers, through a list in memory. */
static void chinese_counting(void **state)
{
	(void)state;
	static const char numbering[] =
		"<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/"
		"wordprocessingml/2006/main\"><w:abstractNum "
		"w:abstractNumId=\"5\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
		"<w:numFmt w:val=\"chineseCountingThousand\"/><w:lvlText "
		"w:val=\"第%1条\"/></w:lvl></w:abstractNum><w:num w:numId=\"9\">"
		"<w:abstractNumId w:val=\"5\"/></w:num></w:numbering>";
	lx_buf doc = {0};
	lx_buf_adds(&doc, W_DOC_OPEN);
	for (int i = 0; i < 1012; i++)
		lx_buf_adds(&doc, "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/>"
		                  "<w:numId w:val=\"9\"/></w:numPr></w:pPr>"
		                  "<w:r><w:t>x</w:t></w:r></w:p>");
	lx_buf_adds(&doc, W_DOC_CLOSE);
	char *xml = lx_buf_take(&doc);
	const char *names[] = {"word/document.xml", "word/numbering.xml", NULL};
	const char *data[] = {xml, numbering};
	size_t len;
	char *zip = make_zip(names, data, NULL, &len);
	lx_reading r;
	lx_error err;
	assert_int_equal(lx_read_docx(&r, "mem.docx", zip, len, &err), LX_OK);
	assert_int_equal(r.lines.n, 1012);
	static const struct {
		int n;
		const char *s;
	} want[] = {{1, "第一条 x"},        {10, "第十条 x"},
	            {11, "第十一条 x"},      {20, "第二十条 x"},
	            {100, "第一百条 x"},     {101, "第一百零一条 x"},
	            {110, "第一百一十条 x"}, {1000, "第一千条 x"},
	            {1010, "第一千零一十条 x"}, {1012, "第一千零一十二条 x"}};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(line(&r.lines, (size_t)want[i].n - 1)->text,
		                    want[i].s);
	lx_reading_free(&r);
	free(zip);
	free(xml);
}

/* ---- tables, notes, headers, breaks, text boxes, tracked changes --------- */

static void extras(void **state)
{
	(void)state;
	lx_reading r;
	lx_error err;
	assert_int_equal(read_file(&r, DIR "statute-extras.docx", &err), LX_OK);
	/* the table: one paragraph per row, cells joined by a tab */
	size_t rows = 0;
	for (size_t i = 0; i < r.lines.n; i++)
		if (line(&r.lines, i)->flags & LX_RL_TABLE)
			rows++;
	assert_int_equal(rows, 2);
	assert_true(any_line_has(&r.lines, "服务项目\t承办部门"));
	assert_true(any_line_has(&r.lines, "信息咨询\t市中小企业服务中心"));
	assert_int_equal(rdiags(&r, "table"), 1);
	/* header, footer (its PAGE field's result, not the instruction) and
	 * footnote apart, not in the body */
	assert_int_equal(r.apart.n, 3);
	assert_string_equal(line(&r.apart, 0)->text,
	                    "某某市人民代表大会常务委员会公报");
	assert_string_equal(line(&r.apart, 1)->text, "— 1 —");
	assert_string_equal(line(&r.apart, 2)->text,
	                    "本条例由某某市人民代表大会常务委员会负责解释。");
	assert_false(any_line_has(&r.lines, "公报"));
	assert_false(any_line_has(&r.lines, "负责解释"));
	assert_false(any_line_has(&r.lines, "PAGE"));
	assert_int_equal(rdiags(&r, "page-header"), 1);
	assert_int_equal(rdiags(&r, "page-footer"), 1);
	assert_int_equal(rdiags(&r, "footnotes"), 1);
	/* a line break inside a paragraph: a space, one paragraph */
	assert_true(any_line_has(&r.lines, "第二条 本条例适用于本市 行政区域"));
	/* tracked changes: the deletion is not text, the insertion is */
	assert_false(any_line_has(&r.lines, "删除的文字"));
	assert_true(any_line_has(&r.lines, "保障中小企业公平参与市场竞争"));
	assert_int_equal(rdiags(&r, "tracked-deletion"), 1);
	/* the text box once (its VML fallback is not read again) */
	size_t box = 0;
	for (size_t i = 0; i < r.lines.n; i++)
		box += !strcmp(line(&r.lines, i)->text, "文本框中的说明文字");
	assert_int_equal(box, 1);
	assert_int_equal(rdiags(&r, "text-box"), 1);
	lx_reading_free(&r);

	/* Parsed: the articles without the table and the box read as the
	 * Markdown; the table's diagnostic reaches the document. */
	lx_doc *d = test_parse(G, DIR "statute-extras.docx");
	lx_doc *md = test_parse(G, DIR "statute.md");
	for (const char *const *e = (const char *const[]){
	             "art_1__para_1", "art_2__para_1", "art_2__para_2",
	             "art_3__para_1", "art_3__para_1__item_3",
	             "art_4__para_1", NULL};
	     *e; e++)
		assert_str(lx_node_get_text(test_find(d, *e)),
		           lx_node_get_text(test_find(md, *e)));
	assert_int_equal(test_diags(d, "table"), 1);
	assert_int_equal(test_diags(d, "page-footer"), 1);
	lx_doc_free(d);
	lx_doc_free(md);
}

/* A real producer: pandoc 2.17's DOCX of a corpus statute (Markdown
 * headings as Heading styles, paragraphs as Body Text) parses to the same
 * articles, paragraphs and items as the Markdown. */
static void pandoc_statute(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, DIR "pandoc-sme-2017.docx");
	lx_doc *md = test_parse(G, "corpus/national-sme-promotion-law-2017.md");
	char *a = skeleton(d), *b = skeleton(md);
	assert_string_equal(a, b);
	assert_str(lx_doc_title(d), lx_doc_title(md));
	assert_str(lx_doc_id(d), lx_doc_id(md));
	const lx_node *body = lx_doc_body(d);
	assert_int_equal(lx_node_count(body, LX_NODE_CHAPTER),
	                 lx_node_count(lx_doc_body(md), LX_NODE_CHAPTER));
	assert_int_equal(lx_node_count(body, LX_NODE_ARTICLE), 61);
	free(a);
	free(b);
	lx_doc_free(d);
	lx_doc_free(md);
	/* the headings come as pandoc's Heading styles */
	lx_reading r;
	lx_error err;
	assert_int_equal(read_file(&r, DIR "pandoc-sme-2017.docx", &err), LX_OK);
	assert_string_equal(line(&r.lines, 0)->text, "中华人民共和国中小企业促进法");
	assert_true(line(&r.lines, 0)->flags & LX_RL_HEADING);
	assert_string_equal(line(&r.lines, 3)->text, "第一章 总则");
	assert_true(line(&r.lines, 3)->flags & LX_RL_HEADING);
	assert_false(line(&r.lines, 4)->flags & LX_RL_HEADING);
	lx_reading_free(&r);
}

/* ---- hostile input --------------------------------------------------------- */

static void zip_bombs(void **state)
{
	(void)state;
	lx_reading r;
	lx_error err;
	/* declared: 100 MB in the headers */
	assert_int_equal(read_file(&r, DIR "bomb-declared.docx", &err),
	                 LX_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "bomb-declared.docx: "
	                                "word/document.xml: declares"));
	lx_reading_free(&r);
	/* the headers say 1000 bytes; the data inflates to 100 MB */
	assert_int_equal(read_file(&r, DIR "bomb-lying.docx", &err),
	                 LX_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "word/document.xml: inflates beyond"));
	lx_reading_free(&r);
	/* five page headers of 60 MB: each under the limit per part, not
	 * all of them (refused before any is inflated) */
	size_t big = (size_t)60 << 20;
	char *zeros = calloc(1, big);
	assert_non_null(zeros);
	const char *names[] = {"word/document.xml", "word/header1.xml",
	                       "word/header2.xml",  "word/header3.xml",
	                       "word/header4.xml",  "word/header5.xml", NULL};
	const char *data[] = {W_DOC_OPEN "<w:p><w:r><w:t>第一条</w:t></w:r>"
	                                 "</w:p>" W_DOC_CLOSE,
	                      zeros, zeros, zeros, zeros, zeros};
	size_t lens[] = {strlen(data[0]), big, big, big, big, big};
	size_t len;
	char *zip = make_zip(names, data, lens, &len);
	free(zeros);
	assert_true(len < (size_t)2 << 20);
	assert_int_equal(lx_read_docx(&r, "five.docx", zip, len, &err),
	                 LX_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "five.docx: word/header5.xml: the "
	                                "parts up to it declare 314573011 bytes"));
	assert_non_null(strstr(err.msg, "for all the parts"));
	lx_reading_free(&r);
	free(zip);
}

/* A part of 4,000,001 empty paragraphs (24 MB, under the size limit):
 * refused before its tree is built. */
static void too_many_tags(void **state)
{
	(void)state;
	lx_buf doc = {0};
	lx_buf_adds(&doc, W_DOC_OPEN);
	for (int i = 0; i < 4000000; i++)
		lx_buf_add(&doc, "<w:p/>", 6);
	lx_buf_adds(&doc, W_DOC_CLOSE);
	char *xml = lx_buf_take(&doc);
	assert_non_null(xml);
	lx_reading r;
	lx_error err;
	assert_int_equal(read_xml(&r, xml, &err), LX_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "mem.docx: word/document.xml: more "
	                                "than 4000000 tags"));
	lx_reading_free(&r);
	free(xml);
}

static void too_many_entries(void **state)
{
	(void)state;
	enum { N = 10001 };
	const char **names = calloc(N + 1, sizeof(*names));
	const char **data = calloc(N, sizeof(*data));
	char(*buf)[24] = calloc(N, sizeof(*buf));
	assert_true(names && data && buf);
	names[0] = "word/document.xml";
	data[0] = W_DOC_OPEN W_DOC_CLOSE;
	for (int i = 1; i < N; i++) {
		snprintf(buf[i], sizeof(buf[i]), "media/%d", i);
		names[i] = buf[i];
		data[i] = "";
	}
	size_t len;
	char *zip = make_zip(names, data, NULL, &len);
	lx_reading r;
	lx_error err;
	assert_int_equal(lx_read_docx(&r, "many.docx", zip, len, &err),
	                 LX_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "many.docx: 10001 entries"));
	lx_reading_free(&r);
	/* 10,000 is still read */
	names[N - 1] = NULL;
	free(zip);
	zip = make_zip(names, data, NULL, &len);
	assert_int_equal(lx_read_docx(&r, "many.docx", zip, len, &err), LX_OK);
	lx_reading_free(&r);
	free(zip);
	free(names);
	free(data);
	free(buf);
}

static void entities(void **state)
{
	(void)state;
	lx_reading r;
	lx_error err;
	/* billion laughs: refused before anything is declared or expanded */
	assert_int_equal(read_file(&r, DIR "billion-laughs.docx", &err),
	                 LX_ERR_DECODE);
	assert_non_null(strstr(err.msg, "billion-laughs.docx: "
	                                "word/document.xml: a document type"));
	lx_reading_free(&r);
	/* external entities (a file, the network): refused, nothing read */
	assert_int_equal(read_file(&r, DIR "xxe.docx", &err), LX_ERR_DECODE);
	assert_non_null(strstr(err.msg, "xxe.docx: word/document.xml"));
	assert_int_equal(r.lines.n, 0);
	lx_reading_free(&r);
	/* An external entity to a file of ours: its text never comes in. */
	char path[] = "/tmp/lexcn-xxe-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "SECRET", 6), 6);
	close(fd);
	char xml[1024];
	snprintf(xml, sizeof(xml),
	         "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY x "
	         "SYSTEM \"file://%s\">]>" W_DOC_OPEN
	         "<w:p><w:r><w:t>a&x;b</w:t></w:r></w:p>" W_DOC_CLOSE,
	         path);
	/* (W_DOC_OPEN has its own XML declaration: skip it) */
	char *decl = strstr(xml + 5, "<?xml");
	char *end = strstr(decl, "?>") + 2;
	memmove(decl, end, strlen(end) + 1);
	int rc = read_xml(&r, xml, &err);
	assert_int_equal(rc, LX_ERR_DECODE);
	assert_false(any_line_has(&r.lines, "SECRET"));
	lx_reading_free(&r);
	unlink(path);
	/* the predefined entities and character references are text */
	assert_int_equal(read_xml(&r, W_DOC_OPEN
	                          "<w:p><w:r><w:t>A&amp;B &#x7B2C;&#19968;"
	                          "&lt;条&gt;</w:t></w:r></w:p>" W_DOC_CLOSE,
	                          &err),
	                 LX_OK);
	assert_string_equal(line(&r.lines, 0)->text, "A&B 第一<条>");
	lx_reading_free(&r);
}

static void malformed(void **state)
{
	(void)state;
	lx_reading r;
	lx_error err;
	assert_int_equal(read_file(&r, DIR "malformed.docx", &err),
	                 LX_ERR_DECODE);
	assert_non_null(strstr(err.msg, "malformed.docx: word/document.xml: "
	                                "malformed XML at line"));
	assert_null(strchr(err.msg, '\n'));
	lx_reading_free(&r);
	assert_int_equal(read_file(&r, DIR "truncated.docx", &err),
	                 LX_ERR_DECODE);
	assert_non_null(strstr(err.msg, "truncated.docx: a damaged ZIP"));
	lx_reading_free(&r);
	/* XML, but not WordprocessingML */
	assert_int_equal(read_xml(&r, "<html><body/></html>", &err),
	                 LX_ERR_DECODE);
	assert_non_null(strstr(err.msg, "no w:document with a w:body"));
	lx_reading_free(&r);
	/* not XML at all; empty */
	assert_int_equal(read_xml(&r, "第一条 text", &err), LX_ERR_DECODE);
	assert_non_null(strstr(err.msg, "mem.docx: word/document.xml: "
	                                "malformed XML"));
	lx_reading_free(&r);
	assert_int_equal(read_xml(&r, "", &err), LX_ERR_DECODE);
	lx_reading_free(&r);
	/* a numbering part that is damaged is named */
	const char *names[] = {"word/document.xml", "word/numbering.xml", NULL};
	const char *data[] = {W_DOC_OPEN W_DOC_CLOSE, "<w:numbering"};
	size_t len;
	char *zip = make_zip(names, data, NULL, &len);
	assert_int_equal(lx_read_docx(&r, "n.docx", zip, len, &err),
	                 LX_ERR_DECODE);
	assert_non_null(strstr(err.msg, "n.docx: word/numbering.xml: "));
	lx_reading_free(&r);
	free(zip);
	/* nesting: libxml2's own limit, or ours, never a crash */
	lx_buf deep = {0};
	lx_buf_adds(&deep, W_DOC_OPEN "<w:p>");
	for (int i = 0; i < 5000; i++)
		lx_buf_adds(&deep, "<w:hyperlink>");
	lx_buf_adds(&deep, "<w:r><w:t>x</w:t></w:r>");
	for (int i = 0; i < 5000; i++)
		lx_buf_adds(&deep, "</w:hyperlink>");
	lx_buf_adds(&deep, "</w:p>" W_DOC_CLOSE);
	char *xml = lx_buf_take(&deep);
	int rc = read_xml(&r, xml, &err);
	assert_true(rc == LX_ERR_DECODE || rc == LX_ERR_LIMIT);
	lx_reading_free(&r);
	free(xml);
}

/* The CLI reads a DOCX end to end, and a directory's .docx files. */
static void cli(void **state)
{
	(void)state;
	const char *lexcn = getenv("LEXCN");
	if (!lexcn)
		lexcn = "build/lexcn";
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
	         "%s parse --format text " DIR "statute-numbered.docx "
	         "| grep -c '第[一二三四五]条'",
	         lexcn);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char out[64] = "";
	assert_non_null(fgets(out, sizeof(out), p));
	assert_int_equal(pclose(p), 0);
	assert_string_equal(out, "5\n");
	lx_files f;
	lx_error err;
	assert_int_equal(lx_files_collect(&f, DIR, &err), LX_OK);
	size_t docx = 0;
	for (size_t i = 0; i < f.n; i++)
		docx += strstr(f.path[i], ".docx") != NULL;
	assert_true(docx >= 8);
	lx_files_free(&f);
}

static void roundtrip_corpus(void **state)
{
	(void)state;
	roundtrip(DIR "statutes/", LX_SOURCE_DOCX, false, 1000);
}

static void roundtrip_shared(void **state)
{
	(void)state;
	roundtrip(DIR "statutes/", LX_SOURCE_DOCX, true, 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(typed_statute_same_tree),
		cmocka_unit_test(numbered_statute_same_tree),
		cmocka_unit_test(layout_and_positions),
		cmocka_unit_test(numbering_formats),
		cmocka_unit_test(chinese_counting),
		cmocka_unit_test(extras),
		cmocka_unit_test(pandoc_statute),
		cmocka_unit_test(roundtrip_corpus),
		cmocka_unit_test(roundtrip_shared),
		cmocka_unit_test(zip_bombs),
		cmocka_unit_test(too_many_entries),
		cmocka_unit_test(too_many_tags),
		cmocka_unit_test(entities),
		cmocka_unit_test(malformed),
		cmocka_unit_test(cli),
	};
	return cmocka_run_group_tests_name("docx", tests, setup_grammars,
	                                   teardown_grammars);
}
