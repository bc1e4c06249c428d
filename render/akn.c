/*
 * akn.c: a document as Akoma Ntoso 3.0 XML (OASIS LegalDocML; the schema
 * is schema/akn/akomantoso30.xsd), written with libxml2's xmlTextWriter.
 *
 * The document is an <act> (statutes, regulations, rules), a <bill>
 * (drafts: 草案, 征求意见稿) or a <doc> (政策措施, 规范性文件: not
 * legislation).  FRBR identity from lx_doc_work() and lx_doc_version():
 *   work          /akn/cn/act/<year>/<work>     (year of its first dated
 *                                               event; no year when none)
 *   expression    <work>/zho@<version>          ("zho@" when no version)
 *   manifestation <expression>/!main.xml
 * where <work> is the work's name with ASCII other than letters, digits
 * and -._ percent-encoded (Chinese stays as it is: an IRI).
 * The tree maps 编/分编/章/节/条/款/项/目 to book/part/chapter/section/
 * article/paragraph/point/point with lexcn's eids as eId (they follow the
 * AKN naming convention: art_3__para_2__item_1); preambles and closing
 * words inside the body are <hcontainer name="preamble|closing">.
 * Resolved citations are <ref href> (several targets: <mref> of <ref>s):
 * "#eid" inside the document, "<expression>/~eid" in another document of
 * the set.  Amendment notes (lx_doc_notes) are <passiveModifications>.
 */
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/lx_int.h"
#include "render_int.h"

#define AKN_NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
/* The date FRBRdate must carry (the schema requires one) when the
 * document gives none. */
#define AKN_NO_DATE "9999-01-01"

/* ---- a map from strings to indices (open addressing, fixed size) ------ */

typedef struct smap {
	const char **key;
	size_t *val;
	size_t cap;
} smap;

/* Room for n keys. */
static int smap_init(smap *m, size_t n)
{
	m->cap = 16;
	while (m->cap < 2 * n + 16)
		m->cap *= 2;
	m->key = calloc(m->cap, sizeof(*m->key));
	m->val = calloc(m->cap, sizeof(*m->val));
	return m->key && m->val ? 0 : LX_ERR_NOMEM;
}

static void smap_free(smap *m)
{
	free(m->key);
	free(m->val);
}

/* The slot of k: its value when present (*found), else where it goes. */
static size_t smap_slot(const smap *m, const char *k, bool *found)
{
	size_t i = lx_hash64_str(k) & (m->cap - 1);
	while (m->key[i] && strcmp(m->key[i], k))
		i = (i + 1) & (m->cap - 1);
	*found = m->key[i] != NULL;
	return i;
}

static bool smap_get(const smap *m, const char *k, size_t *v)
{
	bool found;
	size_t i = smap_slot(m, k, &found);
	if (found)
		*v = m->val[i];
	return found;
}

/* Adds k -> v unless k is there; returns the value k has. */
static size_t smap_put(smap *m, const char *k, size_t v)
{
	bool found;
	size_t i = smap_slot(m, k, &found);
	if (!found) {
		m->key[i] = k;
		m->val[i] = v;
	}
	return m->val[i];
}

/* ---- FRBR identity ----------------------------------------------------- */

static bool is_draft(const lx_doc *d)
{
	return d->status && (!strcmp(d->status, "草案") ||
	                     !strcmp(d->status, "征求意见稿"));
}

/* Policy documents are not legislation: AKN's generic <doc>. */
static bool is_policy(const lx_doc *d)
{
	return d->type && (!strcmp(d->type, "政策措施") ||
	                   !strcmp(d->type, "规范性文件"));
}

/* The document element and the type in the URI. */
static const char *akn_kind(const lx_doc *d)
{
	return is_policy(d) ? "doc" : is_draft(d) ? "bill" : "act";
}

/* The name attribute of the document element: the local type in ASCII
 * (the schema's examples use such names; the Chinese type is FRBRsubtype). */
static const char *akn_name(const lx_doc *d)
{
	static const char *const map[][2] = {
		{"法律", "law"},
		{"行政法规", "administrativeRegulation"},
		{"地方性法规", "localRegulation"},
		{"经济特区法规", "specialEconomicZoneRegulation"},
		{"规章", "rule"},
		{"规范性文件", "normativeDocument"},
		{"政策措施", "policyMeasures"},
		{"司法解释", "judicialInterpretation"},
	};
	for (size_t i = 0; d->type && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(d->type, map[i][0]))
			return map[i][1];
	return akn_kind(d);
}

/* The first dated event: the work's date (the original's 通过 or 公布);
 * NULL when the history has no date. */
static const lx_event *first_dated(const lx_doc *d)
{
	for (size_t i = 0; i < d->history.n; i++) {
		const lx_event *e = &LX_VEC_AT(&d->history, lx_event, i);
		if (e->date)
			return e;
	}
	return NULL;
}

/* The event that made this version: the last dated event whose date is
 * the version's. */
static const lx_event *version_event(const lx_doc *d)
{
	const lx_event *v = NULL;
	for (size_t i = 0; d->version && i < d->history.n; i++) {
		const lx_event *e = &LX_VEC_AT(&d->history, lx_event, i);
		if (e->date && !strcmp(e->date, d->version))
			v = e;
	}
	return v;
}

/* A URI component of s: ASCII letters, digits and -._ as they are, other
 * ASCII percent-encoded, everything else (Chinese) as it is. */
static void add_slug(lx_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_') {
			lx_buf_add(b, (const char *)p, 1);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			lx_buf_add(b, e, 3);
		}
	}
}

static void add_work_uri(lx_buf *b, const lx_doc *d)
{
	lx_buf_adds(b, "/akn/cn/");
	lx_buf_adds(b, akn_kind(d));
	lx_buf_adds(b, "/");
	const lx_event *e = first_dated(d);
	if (e) {
		lx_buf_add(b, e->date, 4);
		lx_buf_adds(b, "/");
	}
	add_slug(b, d->work ? d->work : d->id ? d->id : "untitled");
}

static void add_uri(lx_buf *b, const lx_doc *d, lx_akn_level level)
{
	add_work_uri(b, d);
	if (level == LX_AKN_WORK)
		return;
	lx_buf_adds(b, "/zho@");
	if (d->version)
		lx_buf_adds(b, d->version);
	if (level == LX_AKN_MANIFESTATION)
		lx_buf_adds(b, "/!main.xml");
}

char *lx_akn_uri(const lx_doc *d, lx_akn_level level)
{
	lx_buf b = {0};
	add_uri(&b, d, level);
	return lx_buf_take(&b);
}

/* ---- the writer -------------------------------------------------------- */

/* What the writing needs; rc is the first failure, after which every
 * call does nothing. */
typedef struct aw {
	xmlTextWriterPtr w;
	int rc;
	const lx_doc *d;
	/* The documents of the set by id, for links to them. */
	lx_doc *const *docs;
	smap by_id;
	bool have_set;
	/* The citations sorted by (citing eid, start); the first of each
	 * eid in by_from. */
	const lx_cite **cites;
	size_t n_cites;
	smap by_from;
	/* Organisations (issuer, bodies of the history): name -> number. */
	smap orgs;
	const char **org_names;
	size_t n_orgs;
	/* Sources of amendment notes: title -> number. */
	smap sources;
	smap source_dates; /* date -> the first source of that date */
	const lx_note **source_notes;
	size_t n_sources;
} aw;

static void chk(aw *a, int r)
{
	if (r < 0 && !a->rc)
		a->rc = LX_ERR_IO;
}

static void start(aw *a, const char *name)
{
	if (!a->rc)
		chk(a, xmlTextWriterStartElement(a->w, BAD_CAST name));
}

static void end(aw *a)
{
	if (!a->rc)
		chk(a, xmlTextWriterEndElement(a->w));
}

/* The length of the run of s[i, n) that XML 1.0 allows, and in *bad the
 * bytes of the character after it that it forbids (C0 controls but tab,
 * newline and return; U+FFFE, U+FFFF), 0 at the end.  The UTF-8 is valid
 * (the decoder made it so). */
static size_t xml_run(const char *s, size_t i, size_t n, size_t *bad)
{
	size_t st = i;
	*bad = 0;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			*bad = 1;
			break;
		}
		if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
		    ((unsigned char)s[i + 2] == 0xBE ||
		     (unsigned char)s[i + 2] == 0xBF)) {
			*bad = 3;
			break;
		}
	}
	return i - st;
}

/* An attribute; characters XML forbids are left out (they would make the
 * output not well-formed). */
static void attr(aw *a, const char *name, const char *value)
{
	if (a->rc)
		return;
	size_t n = strlen(value), bad, run = xml_run(value, 0, n, &bad);
	if (run == n) {
		chk(a, xmlTextWriterWriteAttribute(a->w, BAD_CAST name,
		                                   BAD_CAST value));
		return;
	}
	lx_buf b = {0};
	for (size_t i = 0; i < n;) {
		run = xml_run(value, i, n, &bad);
		lx_buf_add(&b, value + i, run);
		i += run + bad;
	}
	char *v = lx_buf_take(&b);
	if (!v)
		a->rc = LX_ERR_NOMEM;
	else
		chk(a, xmlTextWriterWriteAttribute(a->w, BAD_CAST name,
		                                   BAD_CAST v));
	free(v);
}

/* An attribute "#prefix_n" or "prefix_n". */
static void attr_id(aw *a, const char *name, bool hash, const char *prefix,
                    size_t n)
{
	char v[64];
	snprintf(v, sizeof(v), "%s%s_%zu", hash ? "#" : "", prefix, n);
	attr(a, name, v);
}

static void attr_buf(aw *a, const char *name, lx_buf *b)
{
	char *s = lx_buf_take(b);
	if (!s && !a->rc)
		a->rc = LX_ERR_NOMEM;
	if (s)
		attr(a, name, s);
	free(s);
}

static void set_indent(aw *a, int on)
{
	if (!a->rc)
		chk(a, xmlTextWriterSetIndent(a->w, on));
}

/* An element of mixed content (p, num, heading): no indentation inside,
 * where it would be text; a newline after it, where the writer would
 * have put one. */
static void start_mixed(aw *a, const char *name)
{
	start(a, name);
	set_indent(a, 0);
}

static void end_mixed(aw *a)
{
	end(a);
	if (!a->rc)
		chk(a, xmlTextWriterWriteRaw(a->w, BAD_CAST "\n"));
	set_indent(a, 1);
}

/* Text: s[0, n) without the characters XML 1.0 forbids (xml_run). */
static void text(aw *a, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !a->rc;) {
		size_t bad, run = xml_run(s, i, n, &bad);
		if (run)
			chk(a, xmlTextWriterWriteFormatString(a->w, "%.*s",
			                                      (int)run, s + i));
		i += run + bad;
	}
}

static void text_str(aw *a, const char *s)
{
	text(a, s, strlen(s));
}

/* <name>s</name>, without indentation inside (mixed content). */
static void leaf(aw *a, const char *name, const char *s)
{
	start_mixed(a, name);
	text_str(a, s);
	end_mixed(a);
}

/* <name value="v"/> */
static void value_el(aw *a, const char *name, const char *v)
{
	start(a, name);
	attr(a, "value", v);
	end(a);
}

/* ---- citations in text ------------------------------------------------- */

static int cite_cmp(const void *x, const void *y)
{
	const lx_cite *p = *(const lx_cite *const *)x, *q = *(const lx_cite *const *)y;
	int c = strcmp(p->from, q->from);
	if (c)
		return c;
	return p->start < q->start ? -1 : p->start > q->start;
}

/* The href of a target, into b; false when it cannot be linked (another
 * document that is not in the set: never a guess). */
static bool target_href(const aw *a, const lx_target *t, lx_buf *b)
{
	const lx_doc *td = NULL;
	if (t->doc && a->d->id && !strcmp(t->doc, a->d->id)) {
		if (t->eid) {
			lx_buf_adds(b, "#");
			lx_buf_adds(b, t->eid);
			return true;
		}
		td = a->d;
	} else {
		size_t k;
		if (!t->doc || !a->have_set || !smap_get(&a->by_id, t->doc, &k))
			return false;
		td = a->docs[k];
	}
	add_uri(b, td, LX_AKN_EXPRESSION);
	if (t->eid) {
		lx_buf_adds(b, "/~");
		lx_buf_adds(b, t->eid);
	}
	return true;
}

/* A linkable citation: resolved, and every target has an href. */
static bool linkable(const aw *a, const lx_cite *c)
{
	if (!c->resolved || !c->n_targets)
		return false;
	for (size_t i = 0; i < c->n_targets; i++) {
		lx_buf b = {0};
		bool ok = target_href(a, &c->targets[i], &b);
		lx_buf_free(&b);
		if (!ok)
			return false;
	}
	return true;
}

static void ref_start(aw *a, const lx_target *t)
{
	lx_buf b = {0};
	target_href(a, t, &b);
	start(a, "ref");
	attr_buf(a, "href", &b);
}

/* The citation: <ref href> for one target; for several (a list or a
 * range) an <mref> of one <ref> per target, the text in the first. */
static void write_cite(aw *a, const lx_cite *c, const char *s)
{
	size_t n = c->end - c->start;
	if (c->n_targets == 1) {
		ref_start(a, &c->targets[0]);
		text(a, s + c->start, n);
		end(a);
		return;
	}
	start(a, "mref");
	for (size_t i = 0; i < c->n_targets; i++) {
		ref_start(a, &c->targets[i]);
		if (!i)
			text(a, s + c->start, n);
		end(a);
	}
	end(a);
}

/* The citations of eid: *first and the count. */
static size_t cites_of(const aw *a, const char *eid, size_t *first)
{
	size_t k;
	if (!eid || !a->n_cites || !smap_get(&a->by_from, eid, &k))
		return 0;
	size_t n = 0;
	while (k + n < a->n_cites && !strcmp(a->cites[k + n]->from, eid))
		n++;
	*first = k;
	return n;
}

/* Text s (the text of eid) as one <p> per line, its citations that lie
 * within a line as links.  Citations overlapping one written before are
 * left as text. */
static void paras_id(aw *a, const char *s, const char *eid, bool id)
{
	size_t first = 0, nc = cites_of(a, eid, &first), ci = 0;
	size_t len = strlen(s), pos = 0, done = 0;
	do {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t eol = nl ? (size_t)(nl - s) : len;
		start_mixed(a, "p");
		if (id && !pos)
			attr(a, "eId", eid);
		size_t at = pos;
		for (; ci < nc && !a->rc; ci++) {
			const lx_cite *c = a->cites[first + ci];
			if (c->start >= eol)
				break;
			if (c->start < at || c->start < done || c->end > eol ||
			    c->src != s || !linkable(a, c))
				continue;
			text(a, s + at, c->start - at);
			write_cite(a, c, s);
			at = done = c->end;
		}
		text(a, s + at, eol - at);
		end_mixed(a);
		pos = eol + 1;
	} while (pos <= len && !a->rc);
}

static void paras(aw *a, const char *s, const char *eid)
{
	paras_id(a, s, eid, false);
}

/* ---- the tree ---------------------------------------------------------- */

static const char *element_of(lx_node_type t)
{
	switch (t) {
	case LX_NODE_PART:
		return "book";
	case LX_NODE_SUBPART:
		return "part";
	case LX_NODE_CHAPTER:
		return "chapter";
	case LX_NODE_SECTION:
		return "section";
	case LX_NODE_ARTICLE:
		return "article";
	case LX_NODE_PARAGRAPH:
		return "paragraph";
	case LX_NODE_ITEM:
	case LX_NODE_SUBITEM:
		return "point";
	default:
		return "hcontainer";
	}
}

/* A node and its subtree; the depth is bounded by the grammar's levels
 * (at most 10), so recursion is safe. */
static void node(aw *a, const lx_node *n)
{
	const char *el = element_of(n->type);
	start(a, el);
	if (!strcmp(el, "hcontainer"))
		attr(a, "name", n->type == LX_NODE_CLOSING ? "closing"
		                                           : "preamble");
	attr(a, "eId", n->eid);
	if (n->label)
		leaf(a, "num", n->label);
	if (n->heading)
		leaf(a, "heading", n->heading);
	if (n->first) {
		if (n->text) {
			start(a, "intro");
			paras(a, n->text, n->eid);
			end(a);
		}
		for (const lx_node *c = n->first; c && !a->rc; c = c->next)
			node(a, c);
	} else {
		start(a, "content");
		paras(a, n->text ? n->text : "", n->eid);
		end(a);
	}
	end(a);
}

/* A leading preamble of plain text becomes <preamble> (before the body):
 * when it has no label or heading, its children are paragraphs of text
 * and the body has more. */
static bool plain_preamble(const lx_node *n)
{
	if (!n || n->type != LX_NODE_PREAMBLE || n->label || n->heading ||
	    !n->next)
		return false;
	for (const lx_node *c = n->first; c; c = c->next)
		if (c->type != LX_NODE_PARAGRAPH || c->first || c->label ||
		    c->heading)
			return false;
	return true;
}

/* <preamble>: its text and its paragraphs' as <p>, the first <p> of each
 * with the node's eId. */
static void preamble(aw *a, const lx_node *p)
{
	start(a, "preamble");
	attr(a, "eId", p->eid);
	if (p->text || !p->first)
		paras(a, p->text ? p->text : "", p->eid);
	for (const lx_node *c = p->first; c && !a->rc; c = c->next)
		paras_id(a, c->text ? c->text : "", c->eid, true);
	end(a);
}

static void body(aw *a, const lx_doc *d)
{
	const lx_node *c = d->root ? d->root->first : NULL;
	if (plain_preamble(c))
		c = c->next;
	start(a, !strcmp(akn_kind(d), "doc") ? "mainBody" : "body");
	if (d->effective)
		attr(a, "period", "#tmpgrp_1");
	if (!c) {
		/* The schema wants one element at least. */
		start(a, "hcontainer");
		attr(a, "name", "empty");
		start(a, "content");
		leaf(a, "p", "");
		end(a);
		end(a);
	}
	for (; c && !a->rc; c = c->next)
		node(a, c);
	end(a);
}

/* ---- metadata ---------------------------------------------------------- */

static void add_org(aw *a, const char *name)
{
	if (name && smap_put(&a->orgs, name, a->n_orgs) == a->n_orgs)
		a->org_names[a->n_orgs++] = name;
}

/* "#org_N" of a body (it is in the map: collect_orgs put it there). */
static void attr_org(aw *a, const char *name, const char *body)
{
	size_t k;
	if (body && smap_get(&a->orgs, body, &k))
		attr_id(a, name, true, "org", k + 1);
	else
		attr(a, name, "#unknown");
}

static int collect(aw *a, const lx_doc *d)
{
	size_t n = d->history.n + 2;
	if (smap_init(&a->orgs, n) ||
	    !(a->org_names = calloc(n, sizeof(*a->org_names))) ||
	    smap_init(&a->sources, d->notes.n) ||
	    smap_init(&a->source_dates, d->notes.n) ||
	    !(a->source_notes = calloc(d->notes.n + 1, sizeof(*a->source_notes))))
		return LX_ERR_NOMEM;
	add_org(a, d->issuer);
	for (size_t i = 0; i < d->history.n; i++)
		add_org(a, LX_VEC_AT(&d->history, lx_event, i).body);
	if (d->has_wrapper)
		add_org(a, d->wrapper.issuer);
	for (size_t i = 0; i < d->notes.n; i++) {
		const lx_note *nt = &LX_VEC_AT(&d->notes, lx_note, i);
		const char *key = nt->source_id ? nt->source_id : nt->source;
		if (key && smap_put(&a->sources, key, a->n_sources) == a->n_sources) {
			if (nt->date)
				smap_put(&a->source_dates, nt->date, a->n_sources);
			a->source_notes[a->n_sources++] = nt;
		}
	}
	return LX_OK;
}

/* FRBRdate of the work or the expression: the event's date, or the
 * placeholder the schema makes necessary. */
static void frbr_date(aw *a, const lx_event *e, const char *fallback)
{
	start(a, "FRBRdate");
	attr(a, "date", e ? e->date : fallback ? fallback : AKN_NO_DATE);
	attr(a, "name", e && e->action ? e->action : fallback ? "date" : "unknown");
	end(a);
}

static void frbr_core(aw *a, const lx_doc *d, lx_akn_level level)
{
	lx_buf b = {0};
	add_uri(&b, d, level);
	if (level != LX_AKN_MANIFESTATION)
		lx_buf_adds(&b, "/!main");
	start(a, "FRBRthis");
	attr_buf(a, "value", &b);
	end(a);
	add_uri(&b, d, level);
	start(a, "FRBRuri");
	attr_buf(a, "value", &b);
	end(a);
}

/* The body the work was made by: the body of its first dated event, or
 * the issuer. */
static const char *work_author(const lx_doc *d)
{
	const lx_event *e = first_dated(d);
	return e && e->body ? e->body : d->issuer;
}

/* The body the version was made by: the body of the version's event, or
 * the issuer. */
static const char *version_author(const lx_doc *d)
{
	const lx_event *v = version_event(d);
	return v && v->body ? v->body : d->issuer;
}

static void identification(aw *a, const lx_doc *d)
{
	const lx_event *first = first_dated(d), *ver = version_event(d);
	const char *fallback = d->effective ? d->effective
	                       : d->has_wrapper && d->wrapper.date ? d->wrapper.date
	                                                           : d->printed_date;
	start(a, "identification");
	attr(a, "source", "#lexcn");

	start(a, "FRBRWork");
	frbr_core(a, d, LX_AKN_WORK);
	frbr_date(a, first, fallback);
	start(a, "FRBRauthor");
	attr_org(a, "href", work_author(d));
	end(a);
	value_el(a, "FRBRcountry", "cn");
	if (d->type)
		value_el(a, "FRBRsubtype", d->type);
	if (d->doc_number)
		value_el(a, "FRBRnumber", d->doc_number);
	value_el(a, "FRBRname", d->work ? d->work : d->id ? d->id : "untitled");
	end(a);

	start(a, "FRBRExpression");
	frbr_core(a, d, LX_AKN_EXPRESSION);
	frbr_date(a, ver ? ver : first, fallback);
	start(a, "FRBRauthor");
	attr_org(a, "href", version_author(d));
	end(a);
	if (d->version)
		value_el(a, "FRBRversionNumber", d->version);
	start(a, "FRBRlanguage");
	attr(a, "language", "zho");
	end(a);
	end(a);

	start(a, "FRBRManifestation");
	frbr_core(a, d, LX_AKN_MANIFESTATION);
	frbr_date(a, ver ? ver : first, fallback);
	start(a, "FRBRauthor");
	attr(a, "href", "#lexcn");
	end(a);
	value_el(a, "FRBRformat", "application/akn+xml");
	end(a);
	end(a);
}

static bool is_amendment(const char *action)
{
	return action && (!strcmp(action, "修正") || !strcmp(action, "修订"));
}

/* The passiveRef number of the (first) amending document dated `date`,
 * or 0. */
static size_t source_on(const aw *a, const char *date)
{
	size_t k;
	return date && smap_get(&a->source_dates, date, &k) ? k + 1 : 0;
}

static size_t n_dated(const lx_doc *d)
{
	size_t k = 0;
	for (size_t i = 0; i < d->history.n; i++)
		k += LX_VEC_AT(&d->history, lx_event, i).date != NULL;
	return k;
}

/* One <eventRef> per dated event of the history (the schema requires a
 * date; events without one are left out), then the entry into force of
 * this version (evt_<dated + 1>) and its expiry (the next), which the
 * temporalData's interval refers to. */
static void lifecycle(aw *a, const lx_doc *d)
{
	if (!first_dated(d) && !d->effective && !d->expires)
		return;
	start(a, "lifecycle");
	attr(a, "source", "#lexcn");
	size_t k = 0;
	for (size_t i = 0; i < d->history.n; i++) {
		const lx_event *e = &LX_VEC_AT(&d->history, lx_event, i);
		if (!e->date)
			continue;
		start(a, "eventRef");
		attr_id(a, "eId", false, "evt", ++k);
		attr(a, "date", e->date);
		size_t src = is_amendment(e->action) ? source_on(a, e->date) : 0;
		if (src)
			attr_id(a, "source", true, "pasref", src);
		else
			attr(a, "source", "#original");
		attr(a, "type", is_amendment(e->action) ? "amendment"
		                                        : "generation");
		if (e->body) {
			size_t o;
			if (smap_get(&a->orgs, e->body, &o))
				attr_id(a, "refersTo", true, "org", o + 1);
		}
		end(a);
	}
	const char *const dates[] = {d->effective, d->expires};
	const char *const what[] = {"#entryIntoForce", "#expiry"};
	for (size_t i = 0; i < 2; i++) {
		if (!dates[i])
			continue;
		start(a, "eventRef");
		attr_id(a, "eId", false, "evt", ++k);
		attr(a, "date", dates[i]);
		attr(a, "source", "#original");
		attr(a, "refersTo", what[i]);
		end(a);
	}
	end(a);
}

/* The period this version is in force: from its entry into force to its
 * expiry when known; the body refers to it (period="#tmpgrp_1"). */
static void temporal_data(aw *a, const lx_doc *d)
{
	if (!d->effective)
		return;
	size_t k = n_dated(d);
	start(a, "temporalData");
	attr(a, "source", "#lexcn");
	start(a, "temporalGroup");
	attr(a, "eId", "tmpgrp_1");
	start(a, "timeInterval");
	attr_id(a, "start", true, "evt", k + 1);
	if (d->expires)
		attr_id(a, "end", true, "evt", k + 2);
	attr(a, "refersTo", "#inForce");
	end(a);
	end(a);
	end(a);
}

static const char *mod_type(const char *op)
{
	static const char *const map[][2] = {{"修改", "substitution"},
	                                     {"增加", "insertion"},
	                                     {"删除", "repeal"},
	                                     {"改序", "renumbering"}};
	for (size_t i = 0; op && i < 4; i++)
		if (!strcmp(op, map[i][0]))
			return map[i][1];
	return NULL;
}

/* The passiveRef of an amendment note's source. */
static size_t note_source(const aw *a, const lx_note *nt)
{
	const char *key = nt->source_id ? nt->source_id : nt->source;
	size_t k;
	return key && smap_get(&a->sources, key, &k) ? k + 1 : 0;
}

/* <passiveModifications>: one <textualMod> per amendment note (the
 * notes' ops are the four of lexcn/doc.h; any other is not written). */
static void analysis(aw *a, const lx_doc *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->notes.n; i++) {
		const lx_note *nt = &LX_VEC_AT(&d->notes, lx_note, i);
		n += mod_type(nt->op) && nt->eid && note_source(a, nt);
	}
	if (!n)
		return;
	start(a, "analysis");
	attr(a, "source", "#lexcn");
	start(a, "passiveModifications");
	size_t k = 0;
	for (size_t i = 0; i < d->notes.n && !a->rc; i++) {
		const lx_note *nt = &LX_VEC_AT(&d->notes, lx_note, i);
		size_t src = note_source(a, nt);
		if (!mod_type(nt->op) || !nt->eid || !src)
			continue;
		start(a, "textualMod");
		attr_id(a, "eId", false, "pmod", ++k);
		attr(a, "type", mod_type(nt->op));
		start(a, "source");
		attr_id(a, "href", true, "pasref", src);
		end(a);
		start(a, "destination");
		lx_buf b = {0};
		lx_buf_adds(&b, "#");
		lx_buf_adds(&b, nt->eid);
		attr_buf(a, "href", &b);
		end(a);
		end(a);
	}
	end(a);
	end(a);
}

/* The URI of an amending document from its id (work@version) or title
 * and date: an act of that date. */
static void source_uri(lx_buf *b, const lx_note *nt)
{
	const char *id = nt->source_id ? nt->source_id : nt->source;
	const char *at = strrchr(id, '@');
	size_t wl = at ? (size_t)(at - id) : strlen(id);
	const char *ver = at ? at + 1 : nt->date;
	lx_buf_adds(b, "/akn/cn/act/");
	if (ver && strlen(ver) >= 4) {
		lx_buf_add(b, ver, 4);
		lx_buf_adds(b, "/");
	}
	char *w = strndup(id, wl);
	if (!w) {
		b->oom = true;
		return;
	}
	add_slug(b, w);
	free(w);
	lx_buf_adds(b, "/zho@");
	if (ver)
		lx_buf_adds(b, ver);
}

static void references(aw *a, const lx_doc *d)
{
	start(a, "references");
	attr(a, "source", "#lexcn");
	start(a, "original");
	attr(a, "eId", "original");
	lx_buf b = {0};
	add_uri(&b, d, LX_AKN_EXPRESSION);
	attr_buf(a, "href", &b);
	attr(a, "showAs", d->title ? d->title : d->work ? d->work : "untitled");
	end(a);
	for (size_t i = 0; i < a->n_sources; i++) {
		const lx_note *nt = a->source_notes[i];
		start(a, "passiveRef");
		attr_id(a, "eId", false, "pasref", i + 1);
		source_uri(&b, nt);
		attr_buf(a, "href", &b);
		attr(a, "showAs", nt->source ? nt->source : nt->source_id);
		end(a);
	}
	for (size_t i = 0; i < a->n_orgs; i++) {
		start(a, "TLCOrganization");
		attr_id(a, "eId", false, "org", i + 1);
		lx_buf_adds(&b, "/ontology/organization/cn/");
		add_slug(&b, a->org_names[i]);
		attr_buf(a, "href", &b);
		attr(a, "showAs", a->org_names[i]);
		end(a);
	}
	/* What the lifecycle and the temporal data refer to. */
	static const char *const tlc[][4] = {
		{"TLCEvent", "entryIntoForce", "/ontology/event/entryIntoForce", "施行"},
		{"TLCEvent", "expiry", "/ontology/event/expiry", "失效"},
		{"TLCConcept", "inForce", "/ontology/concept/inForce", "有效"},
	};
	const bool used[] = {d->effective != NULL, d->expires != NULL,
	                     d->effective != NULL};
	for (size_t i = 0; i < 3; i++) {
		if (!used[i])
			continue;
		start(a, tlc[i][0]);
		attr(a, "eId", tlc[i][1]);
		attr(a, "href", tlc[i][2]);
		attr(a, "showAs", tlc[i][3]);
		end(a);
	}
	/* The author of a document that names none (FRBRauthor is
	 * required). */
	size_t k;
	const char *wa = work_author(d), *va = version_author(d);
	if (!wa || !smap_get(&a->orgs, wa, &k) || !va ||
	    !smap_get(&a->orgs, va, &k)) {
		start(a, "TLCOrganization");
		attr(a, "eId", "unknown");
		attr(a, "href", "/ontology/organization/unknown");
		attr(a, "showAs", "(unknown)");
		end(a);
	}
	start(a, "TLCOrganization");
	attr(a, "eId", "lexcn");
	attr(a, "href", "/ontology/organization/lexcn");
	attr(a, "showAs", "lexcn");
	end(a);
	end(a);
}

static void preface(aw *a, const lx_doc *d)
{
	if (!d->title && !d->doc_number && !d->has_wrapper)
		return;
	start(a, "preface");
	if (d->title) {
		start(a, "longTitle");
		start_mixed(a, "p");
		start(a, "docTitle");
		text_str(a, d->title);
		end(a);
		end_mixed(a);
		end(a);
	}
	if (d->doc_number) {
		start_mixed(a, "p");
		start(a, "docNumber");
		text_str(a, d->doc_number);
		end(a);
		end_mixed(a);
	}
	if (d->has_wrapper) {
		/* The notice that issues the document (印发…的通知). */
		const lx_wrapper *w = &d->wrapper;
		start(a, "container");
		attr(a, "name", "wrapper");
		attr(a, "eId", "wrapper");
		const char *lines[] = {w->title, w->doc_number, w->addressees};
		for (size_t i = 0; i < 3; i++)
			if (lines[i])
				leaf(a, "p", lines[i]);
		paras(a, w->text ? w->text : "", "wrapper");
		end(a);
	}
	end(a);
}

static void conclusions(aw *a, const lx_doc *d)
{
	if (!d->back_matter.n)
		return;
	start(a, "conclusions");
	for (size_t i = 0; i < d->back_matter.n; i++) {
		const lx_text_line *l = &LX_VEC_AT(&d->back_matter, lx_text_line, i);
		leaf(a, "p", l->text ? l->text : "");
	}
	end(a);
}

/* ---- the document ------------------------------------------------------ */

static int index_cites(aw *a, const lx_doc *d)
{
	a->n_cites = d->cites.n;
	if (smap_init(&a->by_from, a->n_cites) ||
	    !(a->cites = calloc(a->n_cites + 1, sizeof(*a->cites))))
		return LX_ERR_NOMEM;
	size_t k = 0;
	for (size_t i = 0; i < d->cites.n; i++) {
		const lx_cite *c = &LX_VEC_AT(&d->cites, lx_cite, i);
		if (c->from && c->src)
			a->cites[k++] = c;
	}
	a->n_cites = k;
	if (k)
		qsort(a->cites, k, sizeof(*a->cites), cite_cmp);
	for (size_t i = 0; i < k; i++)
		smap_put(&a->by_from, a->cites[i]->from, i);
	return LX_OK;
}

static int index_set(aw *a, const lx_set *set)
{
	if (!set)
		return LX_OK;
	size_t n = lx_set_docs(set, &a->docs);
	if (smap_init(&a->by_id, n))
		return LX_ERR_NOMEM;
	a->have_set = true;
	for (size_t i = 0; i < n; i++)
		if (a->docs[i]->id)
			smap_put(&a->by_id, a->docs[i]->id, i);
	return LX_OK;
}

static void document(aw *a, const lx_doc *d)
{
	chk(a, xmlTextWriterStartDocument(a->w, NULL, "UTF-8", NULL));
	set_indent(a, 1);
	start(a, "akomaNtoso");
	attr(a, "xmlns", AKN_NS);
	start(a, akn_kind(d));
	attr(a, "name", akn_name(d));
	/* A version made by amendments, not the text as first enacted. */
	const lx_event *ve = version_event(d);
	if (d->notes.n || (ve && is_amendment(ve->action)))
		attr(a, "contains", "singleVersion");
	start(a, "meta");
	identification(a, d);
	lifecycle(a, d);
	analysis(a, d);
	temporal_data(a, d);
	references(a, d);
	end(a);
	preface(a, d);
	const lx_node *p = d->root ? d->root->first : NULL;
	if (plain_preamble(p))
		preamble(a, p);
	body(a, d);
	conclusions(a, d);
	end(a);
	end(a);
	chk(a, xmlTextWriterEndDocument(a->w));
}

int lx_render_akn(FILE *out, const lx_doc *d, const lx_set *set,
                  lx_error *err)
{
	aw a = {.d = d};
	int rc = index_cites(&a, d);
	if (!rc)
		rc = index_set(&a, set);
	if (!rc)
		rc = collect(&a, d);
	xmlOutputBufferPtr ob = NULL;
	if (!rc) {
		ob = xmlOutputBufferCreateFile(out, NULL);
		if (ob && !(a.w = xmlNewTextWriter(ob)))
			xmlOutputBufferClose(ob);
		if (!a.w)
			rc = LX_ERR_NOMEM;
	}
	if (!rc) {
		chk(&a, xmlTextWriterSetIndentString(a.w, BAD_CAST " "));
		document(&a, d);
		chk(&a, xmlTextWriterFlush(a.w));
		rc = a.rc;
	}
	if (a.w)
		xmlFreeTextWriter(a.w); /* closes ob */
	if (!rc && (fflush(out) || ferror(out)))
		rc = LX_ERR_IO;
	smap_free(&a.by_from);
	smap_free(&a.by_id);
	smap_free(&a.orgs);
	smap_free(&a.sources);
	smap_free(&a.source_dates);
	free(a.cites);
	free(a.org_names);
	free(a.source_notes);
	if (rc)
		return lx_error_set(err, rc, "%s",
		                    rc == LX_ERR_NOMEM ? "out of memory"
		                                       : "cannot write the output");
	return LX_OK;
}
