/*
 * tree.c: the document tree: nodes, diagnostics, traversal, getters and
 * freeing.  The stages (clean, structure, meta, citations) build it
 * through these functions; nothing here calls a stage.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lx_int.h"

void lx_diag_add(lx_doc *d, lx_severity sev, const char *code, int line,
                 const char *fmt, ...)
{
	lx_diag *g = lx_vec_push(&d->diags, sizeof(lx_diag));
	if (!g) {
		d->oom = true;
		return;
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Truncation ("%.40s", or the buffer) can cut a character in two:
	 * drop the pieces, so that messages stay valid UTF-8. */
	size_t len = strlen(msg), o = 0;
	for (size_t i = 0; i < len;) {
		size_t st = i;
		UChar32 c;
		U8_NEXT((const uint8_t *)msg, i, len, c);
		if (c < 0)
			continue; /* an ill-formed piece */
		memmove(msg + o, msg + st, i - st);
		o += i - st;
	}
	msg[o] = '\0';
	g->severity = sev;
	g->code = code;
	g->line = line;
	g->message = lx_arena_strdup(&d->arena, msg);
	if (!g->message)
		d->oom = true;
}

lx_node *lx_node_new(lx_doc *d, lx_node_type t, int line)
{
	if (d->n_nodes >= LX_MAX_NODES) {
		/* A file can make the tree as large as its lines: refused
		 * at a stated limit rather than at the end of memory. */
		if (!d->nodes_over) {
			d->nodes_over = true;
			d->nodes_over_line = line;
		}
		d->oom = true;
		return NULL;
	}
	d->n_nodes++;
	lx_node *n = lx_arena_alloc(&d->arena, sizeof(lx_node));
	if (!n) {
		d->oom = true;
		return NULL;
	}
	n->type = t;
	n->num = -1;
	n->line_first = n->line_last = line;
	return n;
}

void lx_node_append(lx_node *parent, lx_node *child)
{
	child->parent = parent;
	child->prev = parent->last;
	child->next = NULL;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

const lx_node *lx_node_next_preorder(const lx_node *root, const lx_node *n)
{
	if (n->first)
		return n->first;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

size_t lx_node_count(const lx_node *root, lx_node_type t)
{
	size_t c = 0;
	for (const lx_node *n = root; n; n = lx_node_next_preorder(root, n))
		c += n->type == t;
	return c;
}

const lx_node *lx_doc_find(const lx_doc *d, const char *eid)
{
	for (const lx_node *n = d->root; n;
	     n = lx_node_next_preorder(d->root, n))
		if (n->eid && !strcmp(n->eid, eid))
			return n;
	return NULL;
}

const char *lx_node_type_name(lx_node_type t)
{
	static const char *const names[] = {
		"body",    "part",      "subpart", "chapter",
		"section", "article",   "paragraph", "item",
		"subitem", "preamble",  "closing"};
	return (size_t)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

void lx_doc_free(lx_doc *d)
{
	if (!d)
		return;
	free(d->articles);
	lx_vec_free(&d->cites);
	lx_vec_free(&d->defs);
	lx_vec_free(&d->history);
	lx_vec_free(&d->repeals);
	lx_vec_free(&d->notes);
	lx_vec_free(&d->diags);
	lx_vec_free(&d->header);
	lx_vec_free(&d->back_matter);
	lx_vec_free(&d->paras);
	lx_vec_free(&d->srcpos);
	lx_arena_free(&d->arena);
	free(d);
}

const char *lx_doc_path(const lx_doc *d) { return d->path; }
const char *lx_doc_id(const lx_doc *d) { return d->id; }
const char *lx_doc_work(const lx_doc *d) { return d->work; }
const char *lx_doc_version(const lx_doc *d) { return d->version; }
const char *lx_doc_title(const lx_doc *d) { return d->title; }
const char *lx_doc_jurisdiction(const lx_doc *d) { return d->jurisdiction; }
const char *lx_doc_type(const lx_doc *d) { return d->type; }
const char *lx_doc_status(const lx_doc *d) { return d->status; }
const char *lx_doc_number(const lx_doc *d) { return d->doc_number; }
const char *lx_doc_issuer(const lx_doc *d) { return d->issuer; }
const char *lx_doc_effective(const lx_doc *d) { return d->effective; }
const char *lx_doc_expires(const lx_doc *d) { return d->expires; }
const char *lx_doc_encoding(const lx_doc *d) { return d->encoding; }
lx_source_format lx_doc_source_format(const lx_doc *d) { return d->format; }

const char *lx_source_format_name(lx_source_format f)
{
	static const char *const names[] = {"text", "docx", "pdf", "ofd",
	                                    "html"};
	return (size_t)f < sizeof(names) / sizeof(names[0]) ? names[f] : "?";
}

const char *lx_doc_grammar(const lx_doc *d) { return d->grammar; }
const lx_node *lx_doc_body(const lx_doc *d) { return d->root; }
const char *lx_doc_cc(const lx_doc *d) { return d->cc; }
const char *lx_doc_printed_date(const lx_doc *d) { return d->printed_date; }
const char *lx_doc_printed_by(const lx_doc *d) { return d->printed_by; }

const lx_wrapper *lx_doc_wrapper(const lx_doc *d)
{
	return d->has_wrapper ? &d->wrapper : NULL;
}

#define VEC_GETTER(fn, field, T)                                       \
	size_t fn(const lx_doc *d, const T **out)                      \
	{                                                              \
		*out = d->field.v;                                     \
		return d->field.n;                                     \
	}
VEC_GETTER(lx_doc_history, history, lx_event)
VEC_GETTER(lx_doc_repeals, repeals, lx_repeal)
VEC_GETTER(lx_doc_notes, notes, lx_note)
VEC_GETTER(lx_doc_diags, diags, lx_diag)
VEC_GETTER(lx_doc_header, header, lx_text_line)
VEC_GETTER(lx_doc_back_matter, back_matter, lx_text_line)

/* ---- node getters (lexcn/doc.h) ---- */

lx_node_type lx_node_get_type(const lx_node *n) { return n->type; }
long lx_node_get_num(const lx_node *n) { return n->num; }
int lx_node_get_sub(const lx_node *n) { return n->sub; }
const char *lx_node_get_label(const lx_node *n) { return n->label; }
const char *lx_node_get_heading(const lx_node *n) { return n->heading; }
const char *lx_node_get_text(const lx_node *n) { return n->text; }
const char *lx_node_get_eid(const lx_node *n) { return n->eid; }
int lx_node_get_line_first(const lx_node *n) { return n->line_first; }
int lx_node_get_line_last(const lx_node *n) { return n->line_last; }
size_t lx_node_agency_count(const lx_node *n) { return n->n_agencies; }

const char *lx_node_agency(const lx_node *n, size_t i)
{
	return i < n->n_agencies ? n->agencies[i] : NULL;
}

const lx_node *lx_node_parent(const lx_node *n) { return n->parent; }
const lx_node *lx_node_first_child(const lx_node *n) { return n->first; }
const lx_node *lx_node_last_child(const lx_node *n) { return n->last; }
const lx_node *lx_node_next(const lx_node *n) { return n->next; }
const lx_node *lx_node_prev(const lx_node *n) { return n->prev; }
