/*
 * roundtrip.h: the round trip of the readers (tests/test_html.c,
 * test_docx.c, test_pdf.c): each file of a fixture directory, laid out by
 * a real producer from a clean Markdown statute (its MANIFEST names the
 * Markdown: corpus/... or $SHARED/corpus/...), parses to the same
 * metadata, history, header and tree as the Markdown.  Included after
 * lxtest.h by the files that use it.
 */
#ifndef LX_ROUNDTRIP_H
#define LX_ROUNDTRIP_H

static inline const char *s_or(const char *s)
{
	return s ? s : "(null)";
}

/* The header lines joined, spaces (ASCII and U+3000) and the brackets
 * （） left out (malloc'd). */
static inline char *header_text(const lx_text_line *h, size_t n)
{
	size_t cap = 1;
	for (size_t i = 0; i < n; i++)
		cap += strlen(s_or(h[i].text));
	char *out = malloc(cap), *o = out;
	assert_non_null(out);
	for (size_t i = 0; i < n; i++)
		for (const char *t = s_or(h[i].text); *t;) {
			if (*t == ' ')
				t++;
			else if (!strncmp(t, "\u3000", 3) ||
			         !strncmp(t, "\uff08", 3) ||
			         !strncmp(t, "\uff09", 3))
				t += 3;
			else
				*o++ = *t++;
		}
	*o = '\0';
	return out;
}

/* Compares two parses; counts paragraphs (all and equal).  Returns the
 * first difference into why (empty when equal). */
static inline bool same_doc(const lx_doc *a, const lx_doc *b, size_t *paras,
                     size_t *paras_eq, char *why, size_t wsz)
{
	why[0] = '\0';
	const char *fa[] = {lx_doc_title(a),        lx_doc_jurisdiction(a),
	                    lx_doc_type(a),         lx_doc_status(a),
	                    lx_doc_number(a),       lx_doc_issuer(a),
	                    lx_doc_effective(a),    lx_doc_expires(a)};
	const char *fb[] = {lx_doc_title(b),        lx_doc_jurisdiction(b),
	                    lx_doc_type(b),         lx_doc_status(b),
	                    lx_doc_number(b),       lx_doc_issuer(b),
	                    lx_doc_effective(b),    lx_doc_expires(b)};
	for (size_t i = 0; i < sizeof(fa) / sizeof(fa[0]); i++)
		if (strcmp(s_or(fa[i]), s_or(fb[i])) && !why[0])
			snprintf(why, wsz, "metadata %zu: %s / %s", i,
			         s_or(fa[i]), s_or(fb[i]));
	const lx_event *ea, *eb;
	size_t na = lx_doc_history(a, &ea), nb = lx_doc_history(b, &eb);
	if (na != nb && !why[0])
		snprintf(why, wsz, "history: %zu / %zu events", na, nb);
	for (size_t i = 0; i < na && i < nb; i++)
		if ((strcmp(s_or(ea[i].date), s_or(eb[i].date)) ||
		     strcmp(s_or(ea[i].action), s_or(eb[i].action)) ||
		     strcmp(s_or(ea[i].by), s_or(eb[i].by))) &&
		    !why[0])
			snprintf(why, wsz, "history event %zu", i);
	/* The header: the same text, but for the brackets and spaces of
	 * pages that give the 通过 lines as one line （…通过　…修正）. */
	const lx_text_line *ha, *hb;
	na = lx_doc_header(a, &ha);
	nb = lx_doc_header(b, &hb);
	char *ta = header_text(ha, na), *tb = header_text(hb, nb);
	if (strcmp(ta, tb) && !why[0])
		snprintf(why, wsz, "header: %.200s / %.200s", ta, tb);
	free(ta);
	free(tb);
	na = lx_doc_back_matter(a, &ha);
	nb = lx_doc_back_matter(b, &hb);
	if (na != nb && !why[0])
		snprintf(why, wsz, "back matter: %zu / %zu lines", na, nb);
	/* Node by node in document order: the first difference.  Each
	 * paragraph of the Markdown also counts as equal when the file has a
	 * paragraph of the same eid and text (a split or a join elsewhere does
	 * not make the rest of the document differ). */
	const lx_node *ra = lx_doc_body(a), *rb = lx_doc_body(b);
	const lx_node *x = ra, *y = rb;
	for (; y; y = lx_node_next_preorder(rb, y)) {
		if (lx_node_get_type(y) == LX_NODE_PARAGRAPH) {
			const lx_node *p = lx_doc_find(a, lx_node_get_eid(y));
			*paras += 1;
			*paras_eq += p && lx_node_get_type(p) == LX_NODE_PARAGRAPH &&
			             !strcmp(s_or(lx_node_get_text(p)),
			                     s_or(lx_node_get_text(y)));
		}
		bool eq = x && lx_node_get_type(x) == lx_node_get_type(y) &&
		          lx_node_get_num(x) == lx_node_get_num(y) &&
		          lx_node_get_sub(x) == lx_node_get_sub(y) &&
		          !strcmp(s_or(lx_node_get_label(x)),
		                  s_or(lx_node_get_label(y))) &&
		          !strcmp(s_or(lx_node_get_heading(x)),
		                  s_or(lx_node_get_heading(y))) &&
		          !strcmp(s_or(lx_node_get_text(x)),
		                  s_or(lx_node_get_text(y))) &&
		          !strcmp(s_or(lx_node_get_eid(x)),
		                  s_or(lx_node_get_eid(y)));
		if (!eq && !why[0])
			snprintf(why, wsz, "node %s: %.80s / %.80s",
			         s_or(lx_node_get_eid(y)),
			         x ? s_or(lx_node_get_text(x)) : "(none)",
			         s_or(lx_node_get_text(y)));
		if (x)
			x = lx_node_next_preorder(ra, x);
	}
	if (x && !why[0])
		snprintf(why, wsz, "more nodes in the file: %s",
		         s_or(lx_node_get_eid(x)));
	return !why[0];
}

/* The round trip over the MANIFEST entries of dir (ending in '/') from
 * corpus/ (shared: false) or from $SHARED/corpus (true); every file must be
 * read as format.  Prints the figures.  min_permille: the share of the
 * Markdown's paragraphs that must be equal, in thousandths; at 1000 every
 * document must also be equal node by node; below, the metadata and the
 * history must still be the same for every document. */
static inline void roundtrip(const char *dir, lx_source_format format,
                             bool shared, unsigned min_permille)
{
	const char *fmt = lx_source_format_name(format);
	char base[4096] = "", what[128];
	snprintf(what, sizeof(what), "%s round trip of the lawrefbook files",
	         fmt);
	if (shared)
		test_shared_corpus(base, sizeof(base), what);
	char mpath[4096];
	snprintf(mpath, sizeof(mpath), "%sMANIFEST", dir);
	FILE *m = fopen(mpath, "r");
	if (!m)
		fail_msg("no %s", mpath);
	char line[8192];
	size_t docs = 0, docs_eq = 0, meta_eq = 0, paras = 0, paras_eq = 0;
	while (fgets(line, sizeof(line), m)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		const char *src = tab + 1;
		bool from_shared = !strncmp(src, "$SHARED/corpus/", 15);
		if (from_shared != shared)
			continue;
		char file[8300], md[8300];
		snprintf(file, sizeof(file), "%s%s", dir, line);
		if (shared)
			snprintf(md, sizeof(md), "%s/%s", base, src + 15);
		else
			snprintf(md, sizeof(md), "%s", src);
		lx_doc *a = test_parse(G, file), *b = test_parse(G, md);
		assert_int_equal(lx_doc_source_format(a), format);
		char why[512];
		size_t p0 = paras, e0 = paras_eq;
		docs++;
		if (same_doc(a, b, &paras, &paras_eq, why, sizeof(why)))
			docs_eq++;
		else
			print_message("%s: %s differs from %s (%zu/%zu paragraphs "
			              "equal): %s\n", fmt, file, md,
			              paras_eq - e0, paras - p0, why);
		meta_eq += !why[0] || !strncmp(why, "node ", 5) ||
		           !strncmp(why, "more nodes", 10);
		lx_doc_free(a);
		lx_doc_free(b);
	}
	fclose(m);
	print_message("%s: %zu/%zu documents equal, %zu/%zu paragraphs equal "
	              "(%.2f%%), metadata equal in %zu (%s)\n",
	              fmt, docs_eq, docs, paras_eq, paras,
	              paras ? 100.0 * (double)paras_eq / (double)paras : 0.0,
	              meta_eq, shared ? "lawrefbook" : "corpus/");
	assert_true(docs > 0);
	assert_int_equal(meta_eq, docs);
	assert_true(paras_eq * 1000 >= paras * min_permille);
	if (min_permille >= 1000) {
		assert_int_equal(docs_eq, docs);
		assert_int_equal(paras_eq, paras);
	}
}

#endif
