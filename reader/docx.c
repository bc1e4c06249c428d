/*
 * docx.c: DOCX (a ZIP of WordprocessingML parts) read into paragraphs.
 *
 * The ZIP is opened from memory (libzip); word/document.xml is the body,
 * word/styles.xml and word/numbering.xml tell the layout and the automatic
 * numbers (第一条, （一） as Word shows them), and the page headers and
 * footers, footnotes, endnotes and comments go to r->apart.
 *
 * Limits (against ZIP bombs), each an LX_ERR_LIMIT naming the file and the
 * part: at most DOCX_MAX_ENTRIES entries in the archive; a part at most
 * DOCX_MAX_PART bytes uncompressed, all the parts read at most
 * DOCX_MAX_TOTAL bytes, both by the size the archive declares and by the
 * bytes actually inflated (read in chunks and counted).
 *
 * XML is parsed by libxml2 from memory without the network
 * (XML_PARSE_NONET), without entity substitution (no XML_PARSE_NOENT),
 * without loading or validating DTDs and without XML_PARSE_HUGE; a part
 * with a document type declaration (the only place entities are declared:
 * billion laughs, external entities) is refused as soon as the parser
 * sees it, before any entity is declared, let alone expanded or fetched
 * (WordprocessingML parts have none).  Elements nest at most
 * DOCX_MAX_DEPTH deep (libxml2 itself stops at 256 without
 * XML_PARSE_HUGE), and a part has at most DOCX_MAX_TAGS tags (counted
 * before parsing: the parsed tree takes some 100-200 bytes an element, so
 * 64 MB of "<w:p/>" would take 2 GB).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "package.h"

#define DOCX_MAX_ENTRIES 10000
#define DOCX_MAX_PART ((size_t)64 << 20)
#define DOCX_MAX_TOTAL ((size_t)256 << 20)
#define DOCX_MAX_DEPTH 300
#define DOCX_MAX_TAGS 4000000 /* '<' in a part: the tree's size bound */
#define DOCX_MAX_BASED 32 /* steps of a style's basedOn chain */
#define DOCX_LEVELS 9
#define DOCX_MAX_WARNED 16 /* numbering formats named in diagnostics */

static const char W_NS[] =
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char W_NS_STRICT[] =
	"http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char MC_NS[] =
	"http://schemas.openxmlformats.org/markup-compatibility/2006";
static const char M_NS[] =
	"http://schemas.openxmlformats.org/officeDocument/2006/math";

/* ---- styles and numbering ---------------------------------------------- */

typedef struct style {
	const char *id, *name, *based;
	const char *num_id; /* w:numPr of the style, NULL if none */
	int ilvl;           /* -1 unset */
	int center, bold, indent, outline; /* -1 unset; outline 0..9 */
} style;

typedef struct level {
	long start;
	const char *fmt;  /* w:numFmt, "decimal" when absent */
	const char *text; /* w:lvlText, NULL when absent */
	const char *suff; /* tab (default), space, nothing */
	bool legal;       /* w:isLgl: references in decimal */
} level;

typedef struct abstract {
	const char *id;
	level lvl[DOCX_LEVELS];
} abstract;

typedef struct num {
	const char *id;
	const char *abstract_id;
	const abstract *a;
	long start_over[DOCX_LEVELS];
	bool has_over[DOCX_LEVELS];
	long count[DOCX_LEVELS];
	bool started[DOCX_LEVELS];
} num;

typedef struct docx {
	lx_reading *r;
	const char *name;
	lx_error *err;
	lx_package pk; /* the ZIP, its limits and what it inflated */
	lx_vec styles;  /* style, sorted by id */
	const style *def; /* the default paragraph style */
	lx_vec abstracts; /* abstract, sorted by id */
	lx_vec nums;      /* num, sorted by id */
	lx_vec warned;    /* const char *: numbering formats reported */
	int pos;          /* w:p of the body so far */
	int deleted;      /* tracked deletions passed over */
	bool apart;       /* reading a part that is not the body */
	int rc;           /* the first failure inside the walk */
} docx;

/* ---- small XML helpers -------------------------------------------------- */

static bool in_ns(const xmlNode *n, const char *ns)
{
	return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

static bool is_w_ns(const xmlNode *n)
{
	return in_ns(n, W_NS) || in_ns(n, W_NS_STRICT);
}

/* A WordprocessingML element of this local name. */
static bool is_w(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && is_w_ns(n) &&
	       !strcmp((const char *)n->name, local);
}

static const xmlNode *child_w(const xmlNode *n, const char *local)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, local))
			return c;
	return NULL;
}

/* The value of the attribute w:NAME (or NAME without a namespace), as
 * long as it is one text node (which it is unless it holds entities). */
static const char *attr(const xmlNode *n, const char *local)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next) {
		if (strcmp((const char *)a->name, local))
			continue;
		if (a->ns && strcmp((const char *)a->ns->href, W_NS) &&
		    strcmp((const char *)a->ns->href, W_NS_STRICT))
			continue;
		const xmlNode *t = a->children;
		if (t && t->type == XML_TEXT_NODE && !t->next && t->content)
			return (const char *)t->content;
		return "";
	}
	return NULL;
}

static const char *child_val(const xmlNode *n, const char *local)
{
	const xmlNode *c = child_w(n, local);
	return c ? attr(c, "val") : NULL;
}

/* An on/off property (w:b, w:i...): -1 absent, 0 off, 1 on. */
static int onoff(const xmlNode *n, const char *local)
{
	const xmlNode *c = child_w(n, local);
	if (!c)
		return -1;
	const char *v = attr(c, "val");
	return !v || !(!strcmp(v, "0") || !strcmp(v, "false") ||
	               !strcmp(v, "off"));
}

static long num_attr(const char *v, long dflt)
{
	if (!v || !*v)
		return dflt;
	char *end;
	long n = strtol(v, &end, 10);
	return *end ? dflt : n;
}

/* A positive twips value (w:firstLine="420"); 0 when absent. */
static bool positive(const xmlNode *n, const char *local)
{
	return num_attr(attr(n, local), 0) > 0;
}

/* ---- reading the parts --------------------------------------------------- */

/* A part read and parsed (the package's limits and safe XML); *doc NULL
 * when absent and not required. */
static int read_part(docx *x, const char *part, bool required, char **out,
                     size_t *outlen)
{
	int rc = lx_package_read(&x->pk, part, out, outlen);
	if (rc == LX_ERR_NOT_FOUND)
		return required ? lx_error_set(x->err, LX_ERR_DECODE,
		                               "%s: no %s in the DOCX", x->name,
		                               part)
		                : LX_OK;
	return rc;
}

/* A part read and parsed; *doc NULL when absent and not required. */
static int load_part(docx *x, const char *part, bool required,
                     xmlDoc **doc)
{
	char *buf;
	size_t len;
	*doc = NULL;
	int rc = read_part(x, part, required, &buf, &len);
	if (rc == LX_OK && buf)
		rc = lx_package_xml(&x->pk, part, buf, len, doc);
	free(buf);
	return rc;
}

/* ---- styles.xml ---------------------------------------------------------- */

static int cmp_style(const void *a, const void *b)
{
	return strcmp(((const style *)a)->id, ((const style *)b)->id);
}

static const style *find_style(const docx *x, const char *id)
{
	if (!id || !x->styles.n) /* bsearch takes no NULL array */
		return NULL;
	style key = {.id = id};
	return bsearch(&key, x->styles.v, x->styles.n, sizeof(style),
	               cmp_style);
}

static int read_styles(docx *x, const xmlDoc *doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	const char *def_id = NULL;
	for (const xmlNode *s = root->children; s; s = s->next) {
		if (!is_w(s, "style"))
			continue;
		const char *id = attr(s, "styleId");
		if (!id)
			continue;
		style *st = lx_vec_push(&x->styles, sizeof(style));
		if (!st)
			return LX_ERR_NOMEM;
		const xmlNode *ppr = child_w(s, "pPr"), *rpr = child_w(s, "rPr");
		const xmlNode *ind = child_w(ppr, "ind"),
		              *np = child_w(ppr, "numPr");
		const char *jc = child_val(ppr, "jc");
		const char *ol = child_val(ppr, "outlineLvl");
		*st = (style){
			.id = id,
			.name = child_val(s, "name"),
			.based = child_val(s, "basedOn"),
			.num_id = np ? child_val(np, "numId") : NULL,
			.ilvl = np && child_val(np, "ilvl")
			                ? (int)num_attr(child_val(np, "ilvl"), 0)
			                : -1,
			.center = jc ? !strcmp(jc, "center") : -1,
			.bold = onoff(rpr, "b"),
			.indent = ind ? positive(ind, "firstLine") ||
			                        positive(ind, "firstLineChars") ||
			                        positive(ind, "hanging") ||
			                        positive(ind, "hangingChars")
			              : -1,
			.outline = ol ? (int)num_attr(ol, 9) : -1,
		};
		const char *type = attr(s, "type");
		const char *d = attr(s, "default");
		if (type && !strcmp(type, "paragraph") && d &&
		    (!strcmp(d, "1") || !strcmp(d, "true")))
			def_id = id;
	}
	if (x->styles.n)
		qsort(x->styles.v, x->styles.n, sizeof(style), cmp_style);
	x->def = find_style(x, def_id);
	return LX_OK;
}

/* A property of a style through its basedOn chain: the first set value
 * (-1 when none is). */
#define STYLE_PROP(x, s, field)                                              \
	__extension__({                                                      \
		int v_ = -1, k_ = 0;                                         \
		for (const style *p_ = (s); p_ && k_ < DOCX_MAX_BASED;       \
		     p_ = find_style((x), p_->based), k_++)                  \
			if (p_->field >= 0) {                                \
				v_ = p_->field;                              \
				break;                                       \
			}                                                    \
		v_;                                                          \
	})

static bool style_is_heading(const docx *x, const style *s)
{
	for (int k = 0; s && k < DOCX_MAX_BASED;
	     s = find_style(x, s->based), k++) {
		const char *n = s->name ? s->name : "";
		if (!strncasecmp(n, "heading", 7) || !strncmp(n, "Title", 5) ||
		    !strncmp(n, "标题", strlen("标题")))
			return true;
	}
	return false;
}

static const style *style_numbered(const docx *x, const style *s)
{
	for (int k = 0; s && k < DOCX_MAX_BASED;
	     s = find_style(x, s->based), k++)
		if (s->num_id)
			return s;
	return NULL;
}

/* ---- numbering.xml ------------------------------------------------------- */

static int cmp_abstract(const void *a, const void *b)
{
	return strcmp(((const abstract *)a)->id, ((const abstract *)b)->id);
}

static int cmp_num(const void *a, const void *b)
{
	return strcmp(((const num *)a)->id, ((const num *)b)->id);
}

static int read_numbering(docx *x, const xmlDoc *doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	for (const xmlNode *n = root->children; n; n = n->next) {
		if (is_w(n, "abstractNum")) {
			const char *id = attr(n, "abstractNumId");
			if (!id)
				continue;
			abstract *a = lx_vec_push(&x->abstracts,
			                          sizeof(abstract));
			if (!a)
				return LX_ERR_NOMEM;
			a->id = id;
			for (int i = 0; i < DOCX_LEVELS; i++)
				a->lvl[i] = (level){0, "decimal", NULL, NULL,
				                    false};
			for (const xmlNode *l = n->children; l; l = l->next) {
				if (!is_w(l, "lvl"))
					continue;
				long il = num_attr(attr(l, "ilvl"), -1);
				if (il < 0 || il >= DOCX_LEVELS)
					continue;
				level *v = &a->lvl[il];
				v->start = num_attr(child_val(l, "start"), 0);
				const char *f = child_val(l, "numFmt");
				v->fmt = f ? f : "decimal";
				v->text = child_val(l, "lvlText");
				v->suff = child_val(l, "suff");
				v->legal = onoff(l, "isLgl") == 1;
			}
		} else if (is_w(n, "num")) {
			const char *id = attr(n, "numId");
			const char *aid = child_val(n, "abstractNumId");
			if (!id || !aid)
				continue;
			num *u = lx_vec_push(&x->nums, sizeof(num));
			if (!u)
				return LX_ERR_NOMEM;
			u->id = id;
			u->abstract_id = aid;
			for (const xmlNode *o = n->children; o; o = o->next) {
				if (!is_w(o, "lvlOverride"))
					continue;
				long il = num_attr(attr(o, "ilvl"), -1);
				const char *so = child_val(o, "startOverride");
				if (il < 0 || il >= DOCX_LEVELS || !so)
					continue;
				u->has_over[il] = true;
				u->start_over[il] = num_attr(so, 0);
			}
		}
	}
	if (x->abstracts.n)
		qsort(x->abstracts.v, x->abstracts.n, sizeof(abstract),
		      cmp_abstract);
	if (x->nums.n)
		qsort(x->nums.v, x->nums.n, sizeof(num), cmp_num);
	for (size_t i = 0; i < x->nums.n; i++) {
		num *u = &LX_VEC_AT(&x->nums, num, i);
		abstract key = {.id = u->abstract_id};
		u->a = x->abstracts.n ? bsearch(&key, x->abstracts.v,
		                                x->abstracts.n, sizeof(abstract),
		                                cmp_abstract)
		                      : NULL;
	}
	return LX_OK;
}

/* ---- number formats ------------------------------------------------------ */

static bool roman(lx_buf *b, long n, bool upper)
{
	static const struct {
		long v;
		const char *u, *l;
	} t[] = {{1000, "M", "m"}, {900, "CM", "cm"}, {500, "D", "d"},
	         {400, "CD", "cd"}, {100, "C", "c"},   {90, "XC", "xc"},
	         {50, "L", "l"},    {40, "XL", "xl"},  {10, "X", "x"},
	         {9, "IX", "ix"},   {5, "V", "v"},     {4, "IV", "iv"},
	         {1, "I", "i"}};
	if (n < 1 || n > 3999)
		return false;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		for (; n >= t[i].v; n -= t[i].v)
			lx_buf_adds(b, upper ? t[i].u : t[i].l);
	return true;
}

/* A code point from a run of consecutive ones (①..⑳), 1..count. */
static bool cp_run(lx_buf *b, long n, int32_t first, long count)
{
	if (n < 1 || n > count)
		return false;
	lx_buf_add_cp(b, first + (int32_t)(n - 1));
	return true;
}

/* Appends n as numFmt shows it; false when the format is not one this
 * reader knows (or n is beyond its range): the caller writes decimal. */
static bool format_number(lx_buf *b, const char *fmt, long n)
{
	static const char *const stems[] = {"", "甲", "乙", "丙", "丁", "戊",
	                                    "己", "庚", "辛", "壬", "癸"};
	static const char *const branches[] = {"", "子", "丑", "寅", "卯",
	                                       "辰", "巳", "午", "未", "申",
	                                       "酉", "戌", "亥"};
	static const char *const digits[] = {"〇", "一", "二", "三", "四",
	                                     "五", "六", "七", "八", "九"};
	char tmp[32];
	if (!strcmp(fmt, "decimal")) {
		snprintf(tmp, sizeof(tmp), "%ld", n);
		lx_buf_adds(b, tmp);
		return true;
	}
	if (!strcmp(fmt, "decimalZero")) {
		snprintf(tmp, sizeof(tmp), "%02ld", n);
		lx_buf_adds(b, tmp);
		return true;
	}
	/* Word writes both with 十 for ten (一, 十, 十一, 一百零一). */
	if (!strcmp(fmt, "chineseCounting") ||
	    !strcmp(fmt, "chineseCountingThousand") ||
	    !strcmp(fmt, "japaneseCounting") ||
	    !strcmp(fmt, "taiwaneseCounting") ||
	    !strcmp(fmt, "taiwaneseCountingThousand") ||
	    !strcmp(fmt, "koreanCounting"))
		return n >= 1 && lx_cn_count(b, n, false);
	if (!strcmp(fmt, "chineseLegalSimplified"))
		return n >= 1 && lx_cn_count(b, n, true);
	if (!strcmp(fmt, "ideographDigital") ||
	    !strcmp(fmt, "taiwaneseDigital") ||
	    !strcmp(fmt, "japaneseDigitalTenThousand")) {
		if (n < 0)
			return false;
		snprintf(tmp, sizeof(tmp), "%ld", n);
		for (const char *p = tmp; *p; p++)
			lx_buf_adds(b, digits[*p - '0']);
		return true;
	}
	if (!strcmp(fmt, "ideographTraditional")) {
		if (n < 1 || n > 10)
			return false;
		lx_buf_adds(b, stems[n]);
		return true;
	}
	if (!strcmp(fmt, "ideographZodiac")) {
		if (n < 1 || n > 12)
			return false;
		lx_buf_adds(b, branches[n]);
		return true;
	}
	if (!strcmp(fmt, "upperRoman") || !strcmp(fmt, "lowerRoman"))
		return roman(b, n, fmt[0] == 'u');
	if (!strcmp(fmt, "upperLetter") || !strcmp(fmt, "lowerLetter")) {
		/* A..Z, then AA..ZZ, AAA...: Word repeats the letter. */
		if (n < 1 || n > 26 * 20)
			return false;
		char c = (char)((fmt[0] == 'u' ? 'A' : 'a') + (n - 1) % 26);
		for (long k = 0; k <= (n - 1) / 26; k++)
			lx_buf_add(b, &c, 1);
		return true;
	}
	if (!strcmp(fmt, "decimalEnclosedCircle") ||
	    !strcmp(fmt, "decimalEnclosedCircleChinese"))
		return cp_run(b, n, 0x2460, 20);
	if (!strcmp(fmt, "decimalEnclosedFullstop"))
		return cp_run(b, n, 0x2488, 20);
	if (!strcmp(fmt, "decimalEnclosedParen"))
		return cp_run(b, n, 0x2474, 20);
	if (!strcmp(fmt, "ideographEnclosedCircle"))
		return cp_run(b, n, 0x3220, 10); /* ㈠ .. ㈩ */
	if (!strcmp(fmt, "decimalFullWidth") ||
	    !strcmp(fmt, "decimalFullWidth2")) {
		if (n < 0)
			return false;
		snprintf(tmp, sizeof(tmp), "%ld", n);
		for (const char *p = tmp; *p; p++)
			lx_buf_add_cp(b, 0xFF10 + (*p - '0'));
		return true;
	}
	return false;
}

/* A number its numFmt cannot show: decimal, and a diagnostic at the first
 * paragraph of each such format (DOCX_MAX_WARNED formats; then one says
 * that the next are not listed). */
static int as_decimal(docx *x, const char *fmt, long n, lx_buf *b)
{
	format_number(b, "decimal", n);
	for (size_t i = 0; i < x->warned.n; i++)
		if (!strcmp(LX_VEC_AT(&x->warned, const char *, i), fmt))
			return LX_OK;
	if (x->warned.n > DOCX_MAX_WARNED)
		return LX_OK;
	const char **w = lx_vec_push(&x->warned, sizeof(*w));
	if (!w)
		return LX_ERR_NOMEM;
	*w = fmt;
	if (x->warned.n > DOCX_MAX_WARNED)
		return lx_reading_diag(x->r, LX_SEV_WARNING, "numbering-format", 0, x->pos,
		             "paragraph %d: from here on, numbers of further "
		             "formats this reader cannot show are decimal "
		             "(not listed)",
		             x->pos);
	return lx_reading_diag(x->r, LX_SEV_WARNING, "numbering-format", 0, x->pos,
	             "paragraph %d: numbering format \"%s\" (or %ld in it) "
	             "shown as a decimal number",
	             x->pos, fmt, n);
}

/* The number of a numbered paragraph (numId, ilvl) as Word shows it,
 * with its suffix, into b; counts the level and restarts the lower ones. */
static int number_text(docx *x, const char *num_id, int ilvl, lx_buf *b)
{
	if (!num_id || !strcmp(num_id, "0") || ilvl < 0 ||
	    ilvl >= DOCX_LEVELS)
		return LX_OK;
	num key = {.id = num_id};
	num *u = x->nums.n ? bsearch(&key, x->nums.v, x->nums.n, sizeof(num),
	                             cmp_num)
	                   : NULL;
	if (!u || !u->a) {
		return lx_reading_diag(x->r, LX_SEV_WARNING, "numbering-missing",
		                       0, x->pos,
		                       "paragraph %d: numbering %s is not "
		                       "defined in word/numbering.xml: no "
		                       "number shown",
		                       x->pos, num_id);
	}
	const level *lv = u->a->lvl;
	if (!strcmp(lv[ilvl].fmt, "bullet"))
		return LX_OK; /* a bullet is no text */
	for (int k = 0; k < DOCX_LEVELS; k++)
		if (!u->started[k] && k <= ilvl)
			u->count[k] = u->has_over[k] ? u->start_over[k]
			                             : lv[k].start;
	if (u->started[ilvl])
		u->count[ilvl]++;
	u->started[ilvl] = true;
	for (int k = ilvl + 1; k < DOCX_LEVELS; k++)
		u->started[k] = false;
	if (!strcmp(lv[ilvl].fmt, "none") || !lv[ilvl].text)
		return LX_OK;
	for (const char *p = lv[ilvl].text; *p; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int k = p[1] - '1';
			long n = u->started[k] ? u->count[k]
			         : u->has_over[k] ? u->start_over[k]
			                          : lv[k].start;
			const char *fmt = lv[ilvl].legal ? "decimal" : lv[k].fmt;
			if (!format_number(b, fmt, n)) {
				int rc = as_decimal(x, fmt, n, b);
				if (rc != LX_OK)
					return rc;
			}
			p++;
		} else
			lx_buf_add(b, p, 1);
	}
	const char *suff = lv[ilvl].suff;
	if (!suff || strcmp(suff, "nothing"))
		lx_buf_add(b, " ", 1);
	return LX_OK;
}

/* ---- the walk ------------------------------------------------------------ */

typedef struct para {
	lx_buf text;
	int runs, bold_runs; /* runs with text, of which bold */
	lx_vec boxes;        /* const xmlNode *: w:txbxContent to read after */
} para;

static int block(docx *x, const xmlNode *parent, int depth);

static int depth_limit(docx *x)
{
	return lx_error_set(x->err, LX_ERR_LIMIT,
	                    "%s: %s: elements nested over %d deep", x->name,
	                    x->apart ? "a part" : "word/document.xml",
	                    DOCX_MAX_DEPTH);
}

static bool run_bold(const docx *x, const xmlNode *r, const style *ps)
{
	const xmlNode *rpr = child_w(r, "rPr");
	int b = onoff(rpr, "b");
	if (b < 0)
		b = STYLE_PROP(x, find_style(x, child_val(rpr, "rStyle")), bold);
	if (b < 0)
		b = STYLE_PROP(x, ps, bold);
	return b == 1;
}

/* The text of a paragraph's content (runs, hyperlinks, fields, inserted
 * text; not deleted text, field instructions or properties). */
static int inline_walk(docx *x, para *p, const xmlNode *n, const style *ps,
                       int depth)
{
	if (depth > DOCX_MAX_DEPTH)
		return depth_limit(x);
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *nm = (const char *)c->name;
		if (in_ns(c, MC_NS) && !strcmp(nm, "AlternateContent")) {
			/* The first choice only (the fallback repeats it). */
			const xmlNode *ch = NULL;
			for (const xmlNode *k = c->children; k && !ch; k = k->next)
				if (k->type == XML_ELEMENT_NODE &&
				    in_ns(k, MC_NS) && !strcmp((const char *)k->name, "Choice"))
					ch = k;
			for (const xmlNode *k = c->children; k && !ch; k = k->next)
				if (k->type == XML_ELEMENT_NODE &&
				    in_ns(k, MC_NS) && !strcmp((const char *)k->name, "Fallback"))
					ch = k;
			int rc = ch ? inline_walk(x, p, ch, ps, depth + 1)
			            : LX_OK;
			if (rc != LX_OK)
				return rc;
			continue;
		}
		if (in_ns(c, M_NS) && !strcmp(nm, "t")) {
			xmlChar *s = xmlNodeGetContent(c);
			if (s)
				lx_buf_adds(&p->text, (const char *)s);
			xmlFree(s);
			continue;
		}
		if (!is_w_ns(c)) {
			int rc = inline_walk(x, p, c, ps, depth + 1);
			if (rc != LX_OK)
				return rc;
			continue;
		}
		if (!strcmp(nm, "t")) {
			for (const xmlNode *t = c->children; t; t = t->next)
				if ((t->type == XML_TEXT_NODE ||
				     t->type == XML_CDATA_SECTION_NODE) &&
				    t->content)
					lx_buf_adds(&p->text,
					            (const char *)t->content);
		} else if (!strcmp(nm, "tab") || !strcmp(nm, "cr") ||
		           !strcmp(nm, "ptab")) {
			lx_buf_add(&p->text, " ", 1);
		} else if (!strcmp(nm, "br")) {
			const char *t = attr(c, "type");
			if (!t || !strcmp(t, "textWrapping"))
				lx_buf_add(&p->text, " ", 1);
			/* page and column breaks: nothing */
		} else if (!strcmp(nm, "noBreakHyphen")) {
			lx_buf_add(&p->text, "-", 1);
		} else if (!strcmp(nm, "sym")) {
			const char *ch = attr(c, "char");
			/* the code point as given (a symbol font's are in
			 * the private use area) */
			long v = ch ? strtol(ch, NULL, 16) : 0;
			if (v > 0 && v < 0x110000)
				lx_buf_add_cp(&p->text, (int32_t)v);
		} else if (!strcmp(nm, "r")) {
			size_t before = p->text.len;
			int rc = inline_walk(x, p, c, ps, depth + 1);
			if (rc != LX_OK)
				return rc;
			bool text = false;
			for (size_t i = before; i < p->text.len && !text; i++)
				text = !strchr(" \t", p->text.s[i]);
			if (text) {
				p->runs++;
				p->bold_runs += run_bold(x, c, ps);
			}
		} else if (!strcmp(nm, "txbxContent")) {
			const xmlNode **b = lx_vec_push(&p->boxes, sizeof(*b));
			if (!b)
				return LX_ERR_NOMEM;
			*b = c;
		} else if (!strcmp(nm, "del") || !strcmp(nm, "moveFrom")) {
			x->deleted++;
		} else if (!strcmp(nm, "delText") || !strcmp(nm, "instrText") ||
		           !strcmp(nm, "delInstrText") ||
		           !strcmp(nm, "pPr") || !strcmp(nm, "rPr") ||
		           !strcmp(nm, "fldData")) {
			if (!strcmp(nm, "delText"))
				x->deleted++;
		} else {
			/* hyperlink, ins, moveTo, smartTag, sdt, fldSimple,
			 * drawing, pict, object...: their content */
			int rc = inline_walk(x, p, c, ps, depth + 1);
			if (rc != LX_OK)
				return rc;
		}
	}
	return p->text.oom ? LX_ERR_NOMEM : LX_OK;
}

/* A w:p's text (number, runs) into p; its layout into *flags. */
static int paragraph(docx *x, const xmlNode *n, para *p, unsigned *flags,
                     int depth)
{
	const xmlNode *ppr = child_w(n, "pPr");
	const style *ps = find_style(x, child_val(ppr, "pStyle"));
	if (!ps)
		ps = x->def;
	const xmlNode *np = child_w(ppr, "numPr");
	const char *num_id = np ? child_val(np, "numId") : NULL;
	int ilvl = np && child_val(np, "ilvl")
	                   ? (int)num_attr(child_val(np, "ilvl"), 0)
	                   : -1;
	if (!num_id) {
		const style *s = style_numbered(x, ps);
		if (s) {
			num_id = s->num_id;
			if (ilvl < 0)
				ilvl = s->ilvl;
		}
	}
	if (ilvl < 0)
		ilvl = 0;
	int rc = number_text(x, num_id, ilvl, &p->text);
	if (rc != LX_OK)
		return rc;
	rc = inline_walk(x, p, n, ps, depth + 1);
	if (rc != LX_OK)
		return rc;
	const char *jc = child_val(ppr, "jc");
	int center = jc ? !strcmp(jc, "center") : STYLE_PROP(x, ps, center);
	const xmlNode *ind = child_w(ppr, "ind");
	int indent = ind ? positive(ind, "firstLine") ||
	                           positive(ind, "firstLineChars") ||
	                           positive(ind, "hanging") ||
	                           positive(ind, "hangingChars")
	                 : STYLE_PROP(x, ps, indent);
	const char *ol = child_val(ppr, "outlineLvl");
	int outline = ol ? (int)num_attr(ol, 9) : STYLE_PROP(x, ps, outline);
	*flags = 0;
	if (center == 1)
		*flags |= LX_RL_CENTERED;
	if (p->runs && p->runs == p->bold_runs)
		*flags |= LX_RL_BOLD;
	if ((outline >= 0 && outline < 9) || style_is_heading(x, ps))
		*flags |= LX_RL_HEADING;
	if (indent == 1)
		*flags |= LX_RL_INDENTED;
	return LX_OK;
}

static void para_free(para *p)
{
	lx_buf_free(&p->text);
	lx_vec_free(&p->boxes);
}

/* The text boxes met in a paragraph: their paragraphs after it. */
static int boxes(docx *x, para *p, int depth)
{
	for (size_t i = 0; i < p->boxes.n; i++) {
		const xmlNode *b = LX_VEC_AT(&p->boxes, const xmlNode *, i);
		int at = x->pos;
		int rc = block(x, b, depth + 1);
		if (rc == LX_OK)
			rc = lx_reading_diag(
				x->r, LX_SEV_INFO, "text-box", 0, at,
				"paragraph %d: the text of a text box or drawing "
				"kept as the paragraphs after it",
				at);
		if (rc != LX_OK)
			return rc;
	}
	return LX_OK;
}

static int add(docx *x, const lx_buf *b, int pos, unsigned flags)
{
	if (b->oom)
		return LX_ERR_NOMEM;
	return lx_reading_add(x->r, x->apart, b->s ? b->s : "", b->len, 0, pos,
	                      flags);
}

/* The text of a cell's (or nested table's) content into cell, its
 * paragraphs joined by spaces; text boxes to *bx. */
static int cell_text(docx *x, const xmlNode *n, lx_buf *cell, lx_vec *bx,
                     int depth)
{
	if (depth > DOCX_MAX_DEPTH)
		return depth_limit(x);
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		int rc = LX_OK;
		if (is_w(c, "p")) {
			x->pos++;
			para p = {0};
			unsigned fl;
			rc = paragraph(x, c, &p, &fl, depth + 1);
			if (rc == LX_OK && p.text.len) {
				if (cell->len && cell->s[cell->len - 1] != '\t')
					lx_buf_add(cell, " ", 1);
				lx_buf_add(cell, p.text.s, p.text.len);
			}
			for (size_t i = 0; rc == LX_OK && i < p.boxes.n; i++) {
				const xmlNode **b = lx_vec_push(bx, sizeof(*b));
				if (!b)
					rc = LX_ERR_NOMEM;
				else
					*b = LX_VEC_AT(&p.boxes, const xmlNode *, i);
			}
			para_free(&p);
		} else if (is_w(c, "del") || is_w(c, "moveFrom")) {
			x->deleted++;
		} else if (is_w(c, "tcPr") || is_w(c, "trPr") ||
		           is_w(c, "tblPr") || is_w(c, "tblGrid") ||
		           is_w(c, "sdtPr")) {
		} else if (is_w(c, "tc")) {
			if (cell->len)
				lx_buf_add(cell, "\t", 1);
			rc = cell_text(x, c, cell, bx, depth + 1);
		} else {
			/* tbl, tr, sdt, sdtContent, customXml, ins... */
			rc = cell_text(x, c, cell, bx, depth + 1);
		}
		if (rc != LX_OK)
			return rc;
	}
	return cell->oom ? LX_ERR_NOMEM : LX_OK;
}

/* A table: one paragraph per row (cells joined by a tab), a diagnostic. */
static int table(docx *x, const xmlNode *t, int depth)
{
	int at = x->pos + 1, rows = 0, rc = LX_OK;
	for (const xmlNode *r = t->children; r && rc == LX_OK; r = r->next) {
		const xmlNode *row = r;
		if (!is_w(row, "tr"))
			continue; /* tblPr, tblGrid; rows in sdt or customXml
			             are read as cells of the row before */
		lx_buf b = {0};
		lx_vec bx = {0};
		int pos = x->pos + 1;
		rc = cell_text(x, row, &b, &bx, depth + 1);
		if (rc == LX_OK)
			rc = add(x, &b, pos, LX_RL_TABLE);
		rows++;
		for (size_t i = 0; rc == LX_OK && i < bx.n; i++) {
			rc = block(x, LX_VEC_AT(&bx, const xmlNode *, i),
			           depth + 1);
		}
		lx_buf_free(&b);
		lx_vec_free(&bx);
	}
	if (rc == LX_OK)
		rc = lx_reading_diag(x->r, LX_SEV_INFO, "table", 0, at,
		                     "paragraph %d: a table of %d row(s) kept as "
		                     "text, one paragraph per row",
		                     at, rows);
	return rc;
}

/* Block content: paragraphs, tables, structured document tags. */
static int block(docx *x, const xmlNode *parent, int depth)
{
	if (depth > DOCX_MAX_DEPTH)
		return depth_limit(x);
	for (const xmlNode *c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		int rc = LX_OK;
		if (is_w(c, "p")) {
			int pos = ++x->pos;
			para p = {0};
			unsigned fl;
			rc = paragraph(x, c, &p, &fl, depth + 1);
			if (rc == LX_OK)
				rc = add(x, &p.text, pos, fl);
			if (rc == LX_OK)
				rc = boxes(x, &p, depth);
			para_free(&p);
		} else if (is_w(c, "tbl")) {
			rc = table(x, c, depth + 1);
		} else if (is_w(c, "del") || is_w(c, "moveFrom")) {
			x->deleted++;
		} else if (is_w(c, "sectPr") || is_w(c, "sdtPr") ||
		           is_w(c, "sdtEndPr")) {
		} else if (in_ns(c, MC_NS) &&
		           !strcmp((const char *)c->name, "AlternateContent")) {
			const xmlNode *ch = NULL;
			for (const xmlNode *k = c->children; k && !ch; k = k->next)
				if (k->type == XML_ELEMENT_NODE && in_ns(k, MC_NS))
					ch = k;
			rc = ch ? block(x, ch, depth + 1) : LX_OK;
		} else {
			/* sdt, sdtContent, customXml, ins, moveTo, footnote... */
			rc = block(x, c, depth + 1);
		}
		if (rc != LX_OK)
			return rc;
	}
	return LX_OK;
}

/* ---- the parts apart from the body --------------------------------------- */

static const char *apart_kind(const char *n, const char **code)
{
	static const struct {
		const char *prefix, *what, *code;
	} kinds[] = {
		{"word/header", "page header", "page-header"},
		{"word/footer", "page footer", "page-footer"},
		{"word/footnotes", "footnotes", "footnotes"},
		{"word/endnotes", "endnotes", "endnotes"},
		{"word/comments", "comments", "comments"},
	};
	size_t l = strlen(n);
	if (l < 5 || strcmp(n + l - 4, ".xml") || strchr(n + 5, '/'))
		return NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strncmp(n, kinds[i].prefix, strlen(kinds[i].prefix))) {
			*code = kinds[i].code;
			return kinds[i].what;
		}
	return NULL;
}

static int read_aparts(docx *x)
{
	zip_int64_t ne = zip_get_num_entries(x->pk.z, 0);
	x->apart = true;
	for (zip_int64_t i = 0; i < ne; i++) {
		const char *n = zip_get_name(x->pk.z, (zip_uint64_t)i, 0);
		const char *code = NULL, *what = n ? apart_kind(n, &code) : NULL;
		if (!what)
			continue;
		xmlDoc *doc;
		int rc = load_part(x, n, true, &doc);
		if (rc != LX_OK)
			return rc;
		size_t before = x->r->apart.n;
		int save = x->pos;
		x->pos = 0; /* positions in the part */
		rc = block(x, xmlDocGetRootElement(doc), 0);
		x->pos = save;
		size_t kept = x->r->apart.n - before;
		if (rc == LX_OK && kept)
			rc = lx_reading_diag(x->r, LX_SEV_INFO, code, 0, 0,
			                     "%s: %zu paragraph(s) of %s kept "
			                     "apart from the body",
			                     n, kept, what);
		xmlFreeDoc(doc);
		if (rc != LX_OK)
			return rc == LX_ERR_NOMEM
			               ? lx_error_set(x->err, rc,
			                              "%s: out of memory",
			                              x->name)
			               : rc;
	}
	return LX_OK;
}

/* The parts this reader reads must declare DOCX_MAX_TOTAL bytes at most in
 * all (before any is inflated; read_part counts the bytes inflated too). */
static int declared_total(docx *x, zip_int64_t ne)
{
	unsigned long long sum = 0;
	for (zip_int64_t i = 0; i < ne; i++) {
		const char *n = zip_get_name(x->pk.z, (zip_uint64_t)i, 0);
		const char *code;
		zip_stat_t st;
		zip_stat_init(&st);
		if (!n || !(apart_kind(n, &code) ||
		            !strcmp(n, "word/document.xml") ||
		            !strcmp(n, "word/styles.xml") ||
		            !strcmp(n, "word/numbering.xml")) ||
		    zip_stat_index(x->pk.z, (zip_uint64_t)i, 0, &st) ||
		    !(st.valid & ZIP_STAT_SIZE))
			continue;
		sum += st.size;
		if (sum > DOCX_MAX_TOTAL)
			return lx_error_set(
				x->err, LX_ERR_LIMIT,
				"%s: %s: the parts up to it declare %llu bytes "
				"uncompressed, over the limit of %zu bytes for "
				"all the parts",
				x->name, n, sum, DOCX_MAX_TOTAL);
	}
	return LX_OK;
}

int lx_read_docx(lx_reading *r, const char *name, const char *buf,
                 size_t len, lx_error *err)
{
	memset(r, 0, sizeof(*r));
	r->format = LX_SOURCE_DOCX;
	docx x = {.r = r, .name = name, .err = err};
	xmlDoc *styles = NULL, *numbering = NULL, *doc = NULL;
	int rc = lx_package_open(&x.pk, name, buf, len, DOCX_MAX_ENTRIES,
	                         DOCX_MAX_PART, DOCX_MAX_TOTAL, DOCX_MAX_TAGS,
	                         err);
	zip_int64_t ne = rc == LX_OK ? zip_get_num_entries(x.pk.z, 0) : 0;
	if (rc == LX_OK)
		rc = declared_total(&x, ne);
	if (rc == LX_OK)
		rc = load_part(&x, "word/styles.xml", false, &styles);
	if (rc == LX_OK && styles && read_styles(&x, styles) != LX_OK)
		rc = LX_ERR_NOMEM;
	if (rc == LX_OK)
		rc = load_part(&x, "word/numbering.xml", false, &numbering);
	if (rc == LX_OK && numbering && read_numbering(&x, numbering) != LX_OK)
		rc = LX_ERR_NOMEM;
	if (rc == LX_OK)
		rc = load_part(&x, "word/document.xml", true, &doc);
	if (rc == LX_OK) {
		const xmlNode *root = xmlDocGetRootElement(doc);
		const xmlNode *body = is_w(root, "document")
		                              ? child_w(root, "body")
		                              : NULL;
		if (!body)
			rc = lx_error_set(err, LX_ERR_DECODE,
			                  "%s: word/document.xml: no w:document "
			                  "with a w:body (not WordprocessingML)",
			                  name);
		else
			rc = block(&x, body, 0);
	}
	if (rc == LX_OK)
		rc = read_aparts(&x);
	if (rc == LX_OK && x.deleted)
		rc = lx_reading_diag(r, LX_SEV_INFO, "tracked-deletion", 0, 0,
		                     "%d deletion(s) of tracked changes not "
		                     "read (the inserted text is)",
		                     x.deleted);
	if (rc == LX_ERR_NOMEM)
		lx_error_set(err, rc, "%s: out of memory", name);
	if (styles)
		xmlFreeDoc(styles);
	if (numbering)
		xmlFreeDoc(numbering);
	if (doc)
		xmlFreeDoc(doc);
	lx_vec_free(&x.styles);
	lx_vec_free(&x.abstracts);
	lx_vec_free(&x.nums);
	lx_vec_free(&x.warned);
	lx_package_close(&x.pk);
	return rc;
}
