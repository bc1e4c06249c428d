/*
 * ofd.c: OFD (GB/T 33190-2016: a ZIP of XML parts) read into paragraphs.
 *
 * OFD.xml names each document's Document.xml (DocBody/DocRoot); that one
 * lists the pages (Pages/Page BaseLoc) and the page size (CommonData/
 * PageArea/PhysicalBox, which a page's own Area overrides), the fonts
 * (PublicRes, DocumentRes) and the template pages.  Each page's
 * Content.xml (and its templates') holds TextObjects: Boundary "x y w h"
 * (their origin), Size, Font, Weight, CTM, and TextCodes with X, Y (the
 * first character's baseline, relative to the Boundary's origin) and
 * DeltaX/DeltaY (the advance to each next character; "g N d" is N times
 * d).  Every character is placed and handed to the layout module
 * (layout.h), which rebuilds lines and paragraphs.
 *
 * Limits: at most OFD_MAX_ENTRIES entries, a part at most OFD_MAX_PART
 * bytes and all parts read at most OFD_MAX_TOTAL bytes, counted while
 * decompressing (not trusting the sizes the archive declares), at most
 * OFD_MAX_PAGES pages (LX_ERR_LIMIT); XML is parsed without network, DTD
 * loading or entity substitution, with libxml2's nesting limit.
 *
 * Text that cannot be read (a TextCode empty where glyphs are drawn,
 * private-use characters standing for glyphs) is left out of the body
 * with a warning "unrecoverable-text" naming the page.  Text drawn turned
 * (a CTM that rotates or mirrors) is told by a diagnostic "rotated-text":
 * beside horizontal text it is kept apart (margin notes, seals'
 * captions); when it is all the page holds, it is laid out in its own
 * frame (a page turned as a whole).
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "layout.h"
#include "package.h"

#define OFD_MAX_ENTRIES 20000
#define OFD_MAX_PART (64u << 20)
#define OFD_MAX_TOTAL (512u << 20)
#define OFD_MAX_PAGES 20000
#define OFD_MAX_TAGS 4000000 /* '<' in a part: the bound of its tree */

typedef struct tpl {
	char *id, *path;
} tpl;

typedef struct ofd {
	lx_reading *r;
	const char *name;
	lx_error *err;
	lx_package pk; /* the ZIP, its limits and what it inflated */
	lx_layout *L;
	lx_arena page_arena; /* the texts of the page's runs */
	lx_vec runs;         /* lx_run of the page */
	lx_vec turned;       /* lx_run of the page's turned text, placed in
	                        its own frame (x along its baseline) */
	lx_vec turned_text;  /* lx_run: each turned TextCode's whole text */
	lx_vec bold_fonts;   /* char * (ID) of the fonts marked Bold */
	lx_vec tpls;         /* tpl */
	int page;
	/* What the page said it could not read (counted, then told). */
	size_t lost_glyphs, lost_private, rotated;
	bool turned_alone; /* the page's only text is turned */
} ofd;

/* ---- parts ---- */

/* The entry name of a path inside the package: leading '/' dropped,
 * relative to dir otherwise, "." and ".." resolved; NULL when out of
 * memory. */
static char *resolve(lx_arena *a, const char *dir, const char *path)
{
	while (*path == ' ' || *path == '\t' || *path == '\n')
		path++;
	lx_buf b = {0};
	if (*path != '/' && dir)
		lx_buf_adds(&b, dir);
	lx_buf_adds(&b, path);
	char *s = b.oom ? NULL : lx_arena_strndup(a, b.s ? b.s : "", b.len);
	lx_buf_free(&b);
	if (!s)
		return NULL;
	/* Segments, in place. */
	char *out = s, *p = s;
	size_t o = 0;
	while (*p) {
		while (*p == '/' || *p == '\\')
			p++;
		char *e = p;
		while (*e && *e != '/' && *e != '\\')
			e++;
		size_t n = (size_t)(e - p);
		if (n == 0)
			break;
		if (n == 1 && p[0] == '.') {
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			if (o)
				out[o++] = '/';
			memmove(out + o, p, n);
			o += n;
		}
		p = e;
	}
	out[o] = '\0';
	/* Trailing spaces of a BaseLoc. */
	while (o && (out[o - 1] == ' ' || out[o - 1] == '\n' ||
	             out[o - 1] == '\r' || out[o - 1] == '\t'))
		out[--o] = '\0';
	return out;
}

/* The directory of an entry name, with its '/' ("" for the root). */
static char *dir_of(lx_arena *a, const char *path)
{
	const char *sl = strrchr(path, '/');
	return lx_arena_strndup(a, path, sl ? (size_t)(sl - path) + 1 : 0);
}

/* A part parsed as XML (the package's limits and safe XML: no network,
 * no DTD, no entity substitution).  LX_OK, LX_ERR_DECODE (missing,
 * damaged, malformed), LX_ERR_LIMIT, LX_ERR_NOMEM. */
static int read_xml(ofd *o, const char *path, xmlDoc **doc)
{
	*doc = NULL;
	char *buf;
	size_t len;
	int rc = lx_package_read(&o->pk, path, &buf, &len);
	if (rc == LX_ERR_NOT_FOUND)
		return lx_error_set(o->err, LX_ERR_DECODE,
		                    "%s: the part %s is missing", o->name, path);
	if (rc == LX_OK)
		rc = lx_package_xml(&o->pk, path, buf, len, doc);
	free(buf);
	return rc;
}

/* ---- XML helpers (elements by local name, any namespace) ---- */

static bool is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

static xmlNode *child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* An attribute's value (xmlFree it), NULL when absent. */
static char *attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The text of an element, in the arena; NULL when out of memory. */
static char *text_of(lx_arena *a, const xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *s = lx_arena_strdup(a, t ? (const char *)t : "");
	xmlFree(t);
	return s;
}

/* Up to n numbers from a space-separated list; how many were read. */
static size_t numbers(const char *s, double *v, size_t n)
{
	size_t k = 0;
	while (s && k < n) {
		char *e;
		double d = strtod(s, &e);
		if (e == s)
			break;
		v[k++] = isfinite(d) ? d : 0;
		s = e;
		while (*s == ' ' || *s == ',' || *s == '\t' || *s == '\n' ||
		       *s == '\r')
			s++;
	}
	return k;
}

static double num_attr(const xmlNode *n, const char *name, double dflt,
                       bool *present)
{
	char *s = attr(n, name);
	double v = dflt;
	if (present)
		*present = false;
	if (s && numbers(s, &v, 1) == 1 && present)
		*present = true;
	xmlFree(s);
	return v;
}

/* A DeltaX or DeltaY list ("g N d" is N times d) into v (at most n
 * values); how many. */
static size_t deltas(const char *s, double *v, size_t n)
{
	size_t k = 0;
	while (s && *s && k < n) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		       *s == ',')
			s++;
		if (!*s)
			break;
		if (*s == 'g' || *s == 'G') {
			char *e;
			s++;
			double times = strtod(s, &e);
			if (e == s)
				break;
			s = e;
			double d = strtod(s, &e);
			if (e == s)
				break;
			s = e;
			if (!isfinite(d))
				d = 0;
			for (double t = 0; t < times && k < n; t++)
				v[k++] = d;
			continue;
		}
		char *e;
		double d = strtod(s, &e);
		if (e == s)
			break;
		v[k++] = isfinite(d) ? d : 0;
		s = e;
	}
	return k;
}

/* ---- fonts, templates ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_res(ofd *o, const char *dir, const char *loc)
{
	char *path = resolve(&o->r->arena, dir, loc);
	if (!path)
		return lx_error_set(o->err, LX_ERR_NOMEM, "%s: out of memory",
		                    o->name);
	xmlDoc *doc;
	int rc = read_xml(o, path, &doc);
	if (rc != LX_OK)
		return rc;
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *fonts = child(root, "Fonts");
	for (xmlNode *f = fonts ? fonts->children : NULL; f && rc == LX_OK;
	     f = f->next) {
		if (!is(f, "Font"))
			continue;
		char *b = attr(f, "Bold"), *id = attr(f, "ID");
		if (b && id && !strcmp(b, "true")) {
			char **slot = lx_vec_push(&o->bold_fonts, sizeof(char *));
			char *s = slot ? lx_arena_strdup(&o->r->arena, id) : NULL;
			if (!s)
				rc = lx_error_set(o->err, LX_ERR_NOMEM,
				                  "%s: out of memory", o->name);
			else
				*slot = s;
		}
		xmlFree(b);
		xmlFree(id);
	}
	xmlFreeDoc(doc);
	return rc;
}

static bool font_bold(const ofd *o, const char *id)
{
	return id && o->bold_fonts.n &&
	       bsearch(&id, o->bold_fonts.v, o->bold_fonts.n, sizeof(char *),
	               cmp_str);
}

/* ---- text objects ---- */

static bool private_use(int32_t c)
{
	return (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000;
}

static int push_run(ofd *o, lx_vec *to, double x, double y, double w,
                    double h, const char *t, size_t n, bool bold)
{
	lx_run *u = lx_vec_push(to, sizeof(lx_run));
	if (!u)
		return lx_error_set(o->err, LX_ERR_NOMEM, "%s: out of memory",
		                    o->name);
	*u = (lx_run){x, y, w, h, t, n, bold};
	return LX_OK;
}

typedef struct tobj {
	double bx, by;      /* the Boundary's origin */
	double m[6];        /* CTM a b c d e f */
	double size, hs, vs;
	bool bold, turned;
	double x, y;        /* where the next TextCode goes on (no X/Y) */
} tobj;

static void place(const tobj *t, double x, double y, double *px, double *py)
{
	*px = t->bx + t->m[0] * x + t->m[2] * y + t->m[4];
	*py = t->by + t->m[1] * x + t->m[3] * y + t->m[5];
}

/* One TextCode: its characters placed and added to the page's runs.
 * Whitespace is no run (the gaps it leaves are spaces to the layout). */
static int text_code(ofd *o, tobj *t, const xmlNode *tc)
{
	double x = num_attr(tc, "X", t->x, NULL);
	double y = num_attr(tc, "Y", t->y, NULL);
	char *text = text_of(&o->page_arena, tc);
	if (!text)
		return lx_error_set(o->err, LX_ERR_NOMEM, "%s: out of memory",
		                    o->name);
	/* Line breaks and tabs of the XML's layout are no characters. */
	size_t len = 0, chars = 0;
	for (char *p = text; *p; p++)
		if ((unsigned char)*p >= 0x20)
			text[len++] = *p;
	text[len] = '\0';
	for (size_t i = 0; i < len; chars++)
		i = lx_u8_fwd(text, i, len);
	if (!chars)
		return LX_OK;
	double *dx = calloc(2 * chars, sizeof(double)), *dy = dx + chars;
	if (!dx)
		return lx_error_set(o->err, LX_ERR_NOMEM, "%s: out of memory",
		                    o->name);
	char *s = attr(tc, "DeltaX");
	size_t ndx = deltas(s, dx, chars);
	xmlFree(s);
	s = attr(tc, "DeltaY");
	size_t ndy = deltas(s, dy, chars);
	xmlFree(s);
	int rc = LX_OK;
	lx_vec *to = t->turned ? &o->turned : &o->runs;
	lx_buf whole = {0}; /* turned text as one string (kept apart) */
	for (size_t i = 0, k = 0; i < len && rc == LX_OK; k++) {
		size_t st = i;
		int32_t c = lx_u8_next(text, len, &i);
		bool wide = lx_cp_is_wide(c);
		double adv = k < ndx ? dx[k] : (wide ? t->size : t->size / 2);
		if (private_use(c))
			o->lost_private++;
		else if (!lx_cp_is_space(c)) {
			double px, py;
			place(t, x, y, &px, &py);
			if (t->turned) {
				/* Where it stands in the text's own frame. */
				double u = (px * t->m[0] + py * t->m[1]) / t->hs,
				       v = (px * t->m[2] + py * t->m[3]) / t->vs;
				px = u;
				py = v;
				lx_buf_add(&whole, text + st, i - st);
			}
			/* The glyph's width: its advance, at most the font
			 * size (wider advances leave a gap). */
			double w = adv > 0 && adv < t->size ? adv : t->size;
			rc = push_run(o, to, px, py, w * t->hs, t->size * t->vs,
			              text + st, i - st, t->bold);
		} else if (t->turned)
			lx_buf_add(&whole, " ", 1);
		x += adv;
		if (k < ndy)
			y += dy[k];
	}
	if (rc == LX_OK && whole.oom)
		rc = lx_error_set(o->err, LX_ERR_NOMEM, "%s: out of memory",
		                  o->name);
	if (rc == LX_OK && whole.len) {
		char *kept = lx_arena_strndup(&o->page_arena, whole.s,
		                              whole.len);
		rc = kept ? push_run(o, &o->turned_text, 0, 0, 0, 0, kept,
		                     whole.len, t->bold)
		          : lx_error_set(o->err, LX_ERR_NOMEM,
		                         "%s: out of memory", o->name);
		o->rotated++;
	}
	lx_buf_free(&whole);
	t->x = x;
	t->y = y;
	free(dx);
	return rc;
}

static int text_object(ofd *o, const xmlNode *n)
{
	tobj t = {.m = {1, 0, 0, 1, 0, 0}};
	double b[4] = {0, 0, 0, 0};
	char *s = attr(n, "Boundary");
	numbers(s, b, 4);
	xmlFree(s);
	t.bx = b[0];
	t.by = b[1];
	s = attr(n, "CTM");
	if (s && numbers(s, t.m, 6) != 6)
		memcpy(t.m, (double[]){1, 0, 0, 1, 0, 0}, sizeof(t.m));
	xmlFree(s);
	t.size = num_attr(n, "Size", 3.5, NULL);
	if (!(t.size > 0))
		t.size = 3.5;
	t.hs = hypot(t.m[0], t.m[1]);
	t.vs = hypot(t.m[2], t.m[3]);
	if (!(t.hs > 0) || !(t.vs > 0))
		return LX_OK; /* squashed to nothing: drawn invisible */
	/* Turned (or mirrored): the x axis is not along the page's. */
	t.turned = fabs(t.m[1]) > 0.01 * t.hs || t.m[0] < 0 || t.m[3] < 0;
	double weight = num_attr(n, "Weight", 400, NULL);
	char *font = attr(n, "Font");
	t.bold = weight >= 700 || font_bold(o, font);
	xmlFree(font);
	bool glyphs = false, text = false;
	int rc = LX_OK;
	for (xmlNode *c = n->children; c && rc == LX_OK; c = c->next) {
		if (is(c, "CGTransform") && child(c, "Glyphs"))
			glyphs = true;
		if (!is(c, "TextCode"))
			continue;
		size_t before = o->runs.n + o->turned.n;
		rc = text_code(o, &t, c);
		text = text || o->runs.n + o->turned.n > before;
	}
	if (rc == LX_OK && glyphs && !text)
		o->lost_glyphs++;
	return rc;
}

/* The text objects anywhere under n (layers, page blocks), in order. */
static int walk(ofd *o, const xmlNode *n, int depth)
{
	int rc = LX_OK;
	for (const xmlNode *c = n->children; c && rc == LX_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "TextObject"))
			rc = text_object(o, c);
		else if (depth < 64)
			rc = walk(o, c, depth + 1);
	}
	return rc;
}

/* ---- pages and documents ---- */

static void page_box(const xmlNode *area, double *w, double *h)
{
	xmlNode *pb = child(area, "PhysicalBox");
	if (!pb)
		return;
	xmlChar *t = xmlNodeGetContent(pb);
	double v[4];
	if (numbers((const char *)t, v, 4) == 4 && v[2] > 0 && v[3] > 0) {
		*w = v[2];
		*h = v[3];
	}
	xmlFree(t);
}

static int content(ofd *o, const char *path, double *w, double *h,
                   bool is_template)
{
	xmlDoc *doc;
	int rc = read_xml(o, path, &doc);
	if (rc != LX_OK)
		return rc;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!is_template)
		page_box(child(root, "Area"), w, h);
	/* Templates first (their ZOrder aside: the text is what counts). */
	for (xmlNode *c = root ? root->children : NULL;
	     c && rc == LX_OK && !is_template; c = c->next) {
		if (!is(c, "Template"))
			continue;
		char *id = attr(c, "TemplateID");
		for (size_t i = 0; id && i < o->tpls.n; i++) {
			tpl *tp = &LX_VEC_AT(&o->tpls, tpl, i);
			if (!strcmp(tp->id, id)) {
				rc = content(o, tp->path, w, h, true);
				break;
			}
		}
		xmlFree(id);
	}
	xmlNode *body = child(root, "Content");
	if (rc == LX_OK && body)
		rc = walk(o, body, 0);
	xmlFreeDoc(doc);
	return rc;
}

static int tell_losses(ofd *o)
{
	int rc = LX_OK;
	if (o->lost_glyphs)
		rc = lx_reading_diag(o->r, LX_SEV_WARNING, "unrecoverable-text",
		                     o->page, 0,
		                     "%zu text object(s) drawn as glyphs with no "
		                     "text: their text cannot be recovered",
		                     o->lost_glyphs);
	if (rc == LX_OK && o->lost_private)
		rc = lx_reading_diag(o->r, LX_SEV_WARNING, "unrecoverable-text",
		                     o->page, 0,
		                     "%zu private-use character(s) standing for "
		                     "glyphs left out: their text cannot be "
		                     "recovered",
		                     o->lost_private);
	if (rc == LX_OK && o->rotated)
		rc = lx_reading_diag(o->r, LX_SEV_INFO, "rotated-text", o->page,
		                     0,
		                     "%zu run(s) of turned text, %s",
		                     o->rotated,
		                     !o->turned_alone ? "beside the page's text: kept "
		                                 "apart (margin notes, seals)"
		                               : "the page's only text: laid "
		                                 "out in its own frame");
	o->lost_glyphs = o->lost_private = o->rotated = 0;
	return rc == LX_OK ? LX_OK
	                   : lx_error_set(o->err, rc, "%s: out of memory",
	                                  o->name);
}

/* The page's turned text: apart beside horizontal text (margin notes,
 * seals' captions), the page's lines when there is nothing else. */
static int turned_text(ofd *o)
{
	o->turned_alone = !o->runs.n && o->turned.n;
	if (o->turned_alone) {
		/* The page's lines, in the frame of the text. */
		lx_vec v = o->runs;
		o->runs = o->turned;
		o->turned = v;
		return LX_OK;
	}
	const lx_run *u = o->turned_text.v;
	for (size_t i = 0; i < o->turned_text.n; i++)
		if (lx_reading_add(o->r, true, u[i].text, u[i].len, o->page, 0,
		                   0) != LX_OK)
			return lx_error_set(o->err, LX_ERR_NOMEM,
			                    "%s: out of memory", o->name);
	return LX_OK;
}

static int document(ofd *o, const char *path)
{
	xmlDoc *doc;
	int rc = read_xml(o, path, &doc);
	if (rc != LX_OK)
		return rc;
	char *dir = dir_of(&o->r->arena, path);
	if (!dir) {
		xmlFreeDoc(doc);
		return lx_error_set(o->err, LX_ERR_NOMEM, "%s: out of memory",
		                    o->name);
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *common = child(root, "CommonData");
	double w = 210, h = 297; /* A4 when nothing says otherwise */
	page_box(child(common, "PageArea"), &w, &h);
	o->bold_fonts.n = 0;
	o->tpls.n = 0;
	for (xmlNode *c = common ? common->children : NULL; c && rc == LX_OK;
	     c = c->next) {
		if (is(c, "PublicRes") || is(c, "DocumentRes")) {
			char *loc = text_of(&o->r->arena, c);
			rc = loc ? read_res(o, dir, loc)
			         : lx_error_set(o->err, LX_ERR_NOMEM,
			                        "%s: out of memory", o->name);
		} else if (is(c, "TemplatePage")) {
			char *id = attr(c, "ID"), *loc = attr(c, "BaseLoc");
			tpl *tp = id && loc ? lx_vec_push(&o->tpls, sizeof(tpl))
			                    : NULL;
			if (tp) {
				tp->id = lx_arena_strdup(&o->r->arena, id);
				tp->path = resolve(&o->r->arena, dir, loc);
			}
			if (id && loc && (!tp || !tp->id || !tp->path))
				rc = lx_error_set(o->err, LX_ERR_NOMEM,
				                  "%s: out of memory", o->name);
			xmlFree(id);
			xmlFree(loc);
		}
	}
	if (rc == LX_OK && o->bold_fonts.n)
		qsort(o->bold_fonts.v, o->bold_fonts.n, sizeof(char *), cmp_str);
	xmlNode *pages = child(root, "Pages");
	if (rc == LX_OK && !pages)
		rc = lx_error_set(o->err, LX_ERR_DECODE,
		                  "%s: %s lists no pages", o->name, path);
	for (xmlNode *c = pages ? pages->children : NULL; c && rc == LX_OK;
	     c = c->next) {
		if (!is(c, "Page"))
			continue;
		if (o->page >= OFD_MAX_PAGES) {
			rc = lx_error_set(o->err, LX_ERR_LIMIT,
			                  "%s: more than %d pages", o->name,
			                  OFD_MAX_PAGES);
			break;
		}
		o->page++;
		char *loc = attr(c, "BaseLoc");
		if (!loc) {
			rc = lx_error_set(o->err, LX_ERR_DECODE,
			                  "%s: page %d has no BaseLoc in %s",
			                  o->name, o->page, path);
			break;
		}
		char *cp = resolve(&o->page_arena, dir, loc);
		xmlFree(loc);
		double pw = w, ph = h;
		o->runs.n = 0;
		o->turned.n = 0;
		o->turned_text.n = 0;
		rc = cp ? content(o, cp, &pw, &ph, false)
		        : lx_error_set(o->err, LX_ERR_NOMEM, "%s: out of memory",
		                       o->name);
		if (rc == LX_OK)
			rc = turned_text(o);
		if (rc == LX_OK)
			rc = tell_losses(o);
		/* The size of a turned page's frame is not the page's. */
		if (o->turned_alone)
			pw = ph = 0;
		if (rc == LX_OK &&
		    lx_layout_page(o->L, o->page, pw, ph, o->runs.v,
		                   o->runs.n) != LX_OK)
			rc = lx_error_set(o->err, LX_ERR_NOMEM,
			                  "%s: out of memory", o->name);
		lx_arena_reset(&o->page_arena);
	}
	xmlFreeDoc(doc);
	return rc;
}

static int read_package(ofd *o)
{
	xmlDoc *doc;
	int rc = read_xml(o, "OFD.xml", &doc);
	if (rc != LX_OK)
		return rc;
	xmlNode *root = xmlDocGetRootElement(doc);
	size_t docs = 0;
	for (xmlNode *c = root ? root->children : NULL; c && rc == LX_OK;
	     c = c->next) {
		if (!is(c, "DocBody"))
			continue;
		xmlNode *dr = child(c, "DocRoot");
		if (!dr)
			continue;
		char *loc = text_of(&o->r->arena, dr);
		char *path = loc ? resolve(&o->r->arena, NULL, loc) : NULL;
		docs++;
		rc = path ? document(o, path)
		          : lx_error_set(o->err, LX_ERR_NOMEM,
		                         "%s: out of memory", o->name);
	}
	xmlFreeDoc(doc);
	if (rc == LX_OK && !docs)
		rc = lx_error_set(o->err, LX_ERR_DECODE,
		                  "%s: OFD.xml names no document (DocBody/DocRoot)",
		                  o->name);
	return rc;
}

int lx_read_ofd(lx_reading *r, const char *name, const char *buf,
                size_t len, lx_error *err)
{
	ofd o = {.r = r, .name = name, .err = err};
	int rc = lx_package_open(&o.pk, name, buf, len, OFD_MAX_ENTRIES,
	                         OFD_MAX_PART, OFD_MAX_TOTAL, OFD_MAX_TAGS, err);
	if (rc != LX_OK) {
		lx_package_close(&o.pk);
		return rc;
	}
	o.L = lx_layout_new(r);
	rc = o.L ? read_package(&o)
	             : lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory",
	                            name);
	if (rc == LX_OK && lx_layout_end(o.L) != LX_OK)
		rc = lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory", name);
	if (rc == LX_OK && !r->lines.n)
		rc = lx_error_set(err, LX_ERR_DECODE,
		                  "%s: no text to read in %d page(s) (only "
		                  "images or glyph outlines?)",
		                  name, o.page);
	lx_layout_free(o.L);
	lx_vec_free(&o.runs);
	lx_vec_free(&o.turned);
	lx_vec_free(&o.turned_text);
	lx_vec_free(&o.bold_fonts);
	lx_vec_free(&o.tpls);
	lx_arena_free(&o.page_arena);
	lx_package_close(&o.pk);
	return rc;
}
