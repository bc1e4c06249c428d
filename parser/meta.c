/*
 * meta.c: the header, the body and the back matter of a document, and its
 * metadata: title, wrapper notice, document number, status, history events,
 * issuer, effective and expiry dates, repeals, jurisdiction, type, id.
 *
 * Every pattern comes from grammar/metadata.grammar; this file only decides
 * the order in which they are tried and what a match means.
 */
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "lx_int.h"

typedef struct mt {
	lx_doc *d;
	const lx_grammar *g, *meta;
	pcre2_match_data *md;
	const char *self_issuer; /* 本规定生效后，公安部以前制定的…: 公安部 */
} mt;

static bool mm(mt *t, lx_key key, const char *s, lx_match *m)
{
	return lx_match_key(t->meta, key, s, strlen(s), t->md, m);
}

static const char *grp(mt *t, const lx_match *m, const char *name)
{
	const char *v;
	size_t len;
	if (!lx_group(m, name, &v, &len))
		return NULL;
	return lx_norm_text(&t->d->arena, v, len);
}

/* True when the match covers the whole string. */
static bool whole(const lx_match *m, const char *s)
{
	size_t a, b;
	lx_match_span(m, &a, &b);
	return a == 0 && b == strlen(s);
}

static bool is_structural(mt *t, const lx_para *p)
{
	static const lx_key keys[] = {LX_K_PART, LX_K_SUBPART, LX_K_CHAPTER,
	                              LX_K_SECTION, LX_K_ARTICLE};
	lx_match m;
	if (p->kind != LX_PARA_TEXT && p->kind != LX_PARA_HEADING)
		return false;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (lx_grammar_has(t->g, keys[k]) &&
		    lx_match_key(t->g, keys[k], p->text, p->len, t->md, &m))
			return true;
	return false;
}

static void add_event(mt *t, const char *date, const char *action,
                      const char *by, int line)
{
	lx_event *e = lx_vec_push(&t->d->history, sizeof(lx_event));
	if (!e) {
		t->d->oom = true;
		return;
	}
	e->date = date;
	e->action = action;
	e->by = by && *by ? by : NULL;
	e->line = line;
}

static const char *date_of(mt *t, const char *s, size_t len, int line,
                           const char *what)
{
	bool ph = false;
	const char *d = lx_parse_date(&t->d->arena, s, len, &ph);
	if (ph)
		lx_diag_add(t->d, LX_SEV_WARNING, "placeholder-date", line,
		            "%s is a placeholder (\"%.*s\"): null", what,
		            (int)len, s);
	else if (!d)
		lx_diag_add(t->d, LX_SEV_WARNING, "bad-date", line,
		            "%s \"%.*s\" is not a valid date: null", what,
		            (int)len, s);
	return d;
}

/* An event of several bodies, each with its date: "2023年3月27日最高人民法院
 * 审判委员会第1882次会议、2023年7月27日最高人民检察院…会议通过" is two 通过
 * events.  by is split where 、 is followed by a date. */
static void joint_events(mt *t, const char *date, const char *act,
                         const char *by, int line)
{
	size_t len = by ? strlen(by) : 0;
	for (size_t i = 0; i + 3 < len; i++) {
		if (strncmp(by + i, "、", 3))
			continue;
		lx_match dm;
		const char *rest = by + i + 3;
		size_t a, b;
		if (!mm(t, LX_K_DATE, rest, &dm))
			continue;
		lx_match_span(&dm, &a, &b);
		if (a != 0)
			continue;
		const char *d2 = date_of(t, rest, b, line, "history date");
		add_event(t, date, act, lx_arena_strndup(&t->d->arena, by, i),
		          line);
		while (rest[b] == ' ')
			b++;
		joint_events(t, d2, act, rest + b, line);
		return;
	}
	add_event(t, date, act, by, line);
}

/* History events in a header line: 2013年12月27日…会议通过 2020年…修订. */
static void history(mt *t, const char *s, int line)
{
	size_t len = strlen(s), off = 0, pos = 0;
	const lx_rule *r = lx_grammar_rule(t->meta, LX_K_HISTORY, &pos);
	lx_match m;
	bool first = true;
	while (r && off < len &&
	       lx_match_rule(r, s, len, off, t->md, &m)) {
		size_t a, b;
		lx_match_span(&m, &a, &b);
		if (first && a > 0) {
			/* Text before the first dated event: an event whose
			 * date was cut off, as in a truncated header. */
			char *pre = lx_arena_strndup(&t->d->arena, s, a);
			lx_match pm;
			if (pre && mm(t, LX_K_HISTORY_ACTION, pre, &pm)) {
				const char *by = grp(t, &pm, "by");
				const char *act = grp(t, &pm, "action");
				add_event(t, NULL, act, by, line);
				lx_diag_add(t->d, LX_SEV_WARNING,
				            "header-truncated", line,
				            "the header is cut off: the %s event "
				            "\"%s\" has no date (and its body is "
				            "incomplete)",
				            act ? act : "?", pre);
				r = lx_grammar_rule(t->meta, LX_K_HISTORY,
				                    &(size_t){0});
				lx_match_rule(r, s, len, off, t->md, &m);
			}
		}
		first = false;
		const char *dv;
		size_t dl;
		const char *date = NULL;
		if (lx_group(&m, "date", &dv, &dl))
			date = date_of(t, dv, dl, line, "history date");
		const char *by = grp(t, &m, "by");
		const char *act = grp(t, &m, "action");
		const char *act2 = grp(t, &m, "action2");
		const char *appr = grp(t, &m, "approver");
		/* 根据《全国人民代表大会常务委员会关于修改…的决定》修正: the
		 * body that made the decision is named in its title. */
		if (!by || !*by)
			by = grp(t, &m, "ibody");
		if (act2 && appr) {
			/* …会议通过并经Y省…会议批准的《…决定》修正: the city
			 * amends, the province approves. */
			add_event(t, date, act2, by, line);
			add_event(t, date, "批准", appr, line);
		} else if (act2) {
			/* Y省…会议批准的《X市…关于修改〈Z〉的决定》修正: the
			 * province approves the city's amendment.  A decision
			 * that does not name its body is the one the city
			 * adopted just before (…会议通过, then 批准的《…》). */
			const char *owner = grp(t, &m, "dbody");
			if (!owner && t->d->history.n) {
				const lx_event *prev = &LX_VEC_AT(
					&t->d->history, lx_event,
					t->d->history.n - 1);
				if (prev->action && !strcmp(prev->action, "通过"))
					owner = prev->by;
			}
			if (act && !strcmp(act, "通过")) {
				/* …会议通过的《…决定》修正: the decision's
				 * adoption is the amendment, one event. */
				add_event(t, date, act2, owner ? owner : by,
				          line);
			} else {
				add_event(t, date, act, by, line);
				add_event(t, date, act2, owner, line);
			}
		} else {
			joint_events(t, date, act, by, line);
		}
		off = b > off ? b : off + 1;
	}
}

static char *join_text(mt *t, const char *a, const char *b)
{
	if (!a)
		return lx_arena_strdup(&t->d->arena, b);
	return lx_arena_printf(&t->d->arena, "%s\n%s", a, b);
}

/* Whether s, with no title yet, is the title.  Without an INFO END line
 * (text copied from a PDF, where a running title may have taken the
 * first line away) a line is no title when it reads as prose (body_line:
 * 为了…, 根据…决定，…：) or when dated event lines came before it: the
 * title comes first, only a wrapper's lines precede it. */
static bool title_here(mt *t, const char *s, bool bounded)
{
	lx_match m;
	if (bounded)
		return true;
	if (t->d->history.n && !t->d->has_wrapper)
		return false;
	return !mm(t, LX_K_BODY_LINE, s, &m);
}

/* Classifies the header paragraphs; returns where the preamble (prose
 * after the title) starts, or `end` when there is none.  bounded: an INFO
 * END line ends the header at `end`. */
static size_t header(mt *t, size_t end, bool bounded)
{
	lx_doc *d = t->d;
	const char *signer = NULL;
	bool title_after_wrapper = false;
	for (size_t i = 0; i < end; i++) {
		const lx_para *p = &LX_VEC_AT(&d->paras, lx_para, i);
		if (p->kind != LX_PARA_TEXT && p->kind != LX_PARA_HEADING)
			continue;
		const char *s = lx_norm_text(&d->arena, p->text, p->len);
		lx_match m;
		if (!s)
			return end;
		int line = p->line_first;
		bool is_h1 = p->kind == LX_PARA_HEADING && p->md_level == 1;
		bool prose = strstr(s, "。") != NULL;
		lx_text_line *h = lx_vec_push(&d->header, sizeof(*h));
		if (!h) {
			d->oom = true;
			return end;
		}
		h->line = line;
		h->text = p->text;
		/* A history line broken over lines (…县及乡 / 镇人民代表大会…
		 * 的决定》第一次修正): join the following lines, up to five,
		 * until the event is complete. */
		if (mm(t, LX_K_HISTORY_LINE, s, &m) &&
		    !mm(t, LX_K_HISTORY, s, &m)) {
			char *both = (char *)s;
			size_t k = i + 1;
			bool done = false;
			for (; k < end && k < i + 6 && both && !done; k++) {
				const lx_para *q =
					&LX_VEC_AT(&d->paras, lx_para, k);
				if (q->kind != LX_PARA_TEXT)
					break;
				const char *qs = lx_norm_text(&d->arena, q->text,
				                              q->len);
				size_t ds, de;
				if (!qs || (mm(t, LX_K_DATE, qs, &m) &&
				            (lx_match_span(&m, &ds, &de), ds == 0)))
					break; /* the next event */
				both = lx_arena_printf(&d->arena, "%s%s", both,
				                       qs);
				done = both && mm(t, LX_K_HISTORY, both, &m);
			}
			if (done) {
				for (size_t q = i + 1; q < k; q++) {
					h = lx_vec_push(&d->header, sizeof(*h));
					if (!h) {
						d->oom = true;
						return end;
					}
					const lx_para *qp = &LX_VEC_AT(
						&d->paras, lx_para, q);
					h->line = qp->line_first;
					h->text = qp->text;
				}
				history(t, both, line);
				i = k - 1;
				continue;
			}
		}
		/* An event whose source gives no date ("浙江省…会议批准" on a
		 * line of its own, between dated ones): kept, undated. */
		if (d->title && !prose && mm(t, LX_K_HISTORY_LINE, s, &m) &&
		    mm(t, LX_K_HISTORY_ACTION, s, &m) && whole(&m, s) &&
		    !mm(t, LX_K_DATE, s, &m)) {
			lx_match am;
			mm(t, LX_K_HISTORY_ACTION, s, &am);
			const char *act = grp(t, &am, "action");
			add_event(t, NULL, act, grp(t, &am, "by"), line);
			lx_diag_add(d, LX_SEV_WARNING, "missing-date", line,
			            "the %s event \"%s\" has no date: null",
			            act ? act : "?", s);
			continue;
		}
		/* The title again, broken over lines, in some headers.  In
		 * text copied from a PDF, where no INFO END line ends the
		 * header, it is the body's own heading (最高人民法院 / 关于…),
		 * its first paragraph. */
		if (d->title && !prose && strstr(d->title, s) && bounded)
			continue;
		/* Without INFO END, prose that is no event line (为了…作如下
		 * 补充规定：) begins the body, though it has no 。; not in a
		 * wrapper, whose addressees end with ： too. */
		if (!bounded && !(d->has_wrapper && !title_after_wrapper) &&
		    mm(t, LX_K_BODY_LINE, s, &m) &&
		    !mm(t, LX_K_HISTORY_LINE, s, &m)) {
			d->header.n--;
			return i;
		}
		if (mm(t, LX_K_ATTACHMENT, s, &m)) {
			lx_diag_add(d, LX_SEV_INFO, "attachment", line,
			            "the document is an attachment (%s) of "
			            "another",
			            s);
		} else if (!d->title && mm(t, LX_K_LETTERHEAD, s, &m)) {
			d->has_wrapper = true;
			d->wrapper.issuer = grp(t, &m, "issuer");
		} else if (mm(t, LX_K_DOC_NUMBER, s, &m) && whole(&m, s)) {
			if (!d->doc_number)
				d->doc_number = grp(t, &m, "num");
			if (d->has_wrapper)
				d->wrapper.doc_number = d->doc_number;
		} else if (mm(t, LX_K_NOTICE_TITLE, s, &m)) {
			d->has_wrapper = true;
			d->wrapper.title = grp(t, &m, "title");
		} else if (mm(t, LX_K_STATUS, s, &m) && whole(&m, s)) {
			d->status = m.rule->value;
		} else if (mm(t, LX_K_PUBLICATION_NOTE, s, &m)) {
			/* kept in the header lines */
		} else if (mm(t, LX_K_DATE, s, &m) && whole(&m, s)) {
			const char *date = date_of(t, s, strlen(s), line,
			                           "date");
			add_event(t, date, signer ? "印发" : "发布", signer,
			          line);
			if (d->has_wrapper) {
				d->wrapper.date = date;
				if (!d->wrapper.issuer)
					d->wrapper.issuer = signer;
			}
			signer = NULL;
		} else if (d->has_wrapper && !title_after_wrapper &&
		           mm(t, LX_K_SIGNATURE, s, &m) && whole(&m, s)) {
			signer = grp(t, &m, "issuer");
			if (d->wrapper.issuer && signer &&
			    strcmp(d->wrapper.issuer, signer))
				lx_diag_add(d, LX_SEV_INFO, "issuer-differs",
				            line,
				            "the notice is signed by %s, the "
				            "letterhead names %s",
				            signer, d->wrapper.issuer);
			d->wrapper.issuer = signer;
		} else if (mm(t, LX_K_HISTORY, s, &m) && strlen(s) < 2000 &&
		           (mm(t, LX_K_HISTORY_LINE, s, &m) || !d->title ||
		            !prose)) {
			history(t, s, line);
		} else if (d->has_wrapper && !title_after_wrapper &&
		           mm(t, LX_K_ADDRESSEES, s, &m) && whole(&m, s)) {
			d->wrapper.addressees = grp(t, &m, "list");
		} else if ((is_h1 && (!d->title || (d->has_wrapper &&
		                                    !title_after_wrapper))) ||
		           (!d->title && !prose && lx_text_width(s, strlen(s)) <= 160 &&
		            title_here(t, s, bounded))) {
			d->title = s;
			if (d->has_wrapper && d->wrapper.title)
				title_after_wrapper = true;
		} else if (d->has_wrapper && !title_after_wrapper) {
			d->wrapper.text = join_text(t, d->wrapper.text, s);
		} else {
			d->header.n--; /* this line is body, not header */
			return i;
		}
	}
	return end;
}

static int cmp_date(const char *a, const char *b)
{
	return !a ? (b ? -1 : 0) : !b ? 1 : strcmp(a, b);
}

/* The latest dated event with that action; with NULL, the latest that
 * makes a version (anything but 施行, entry into force). */
static const lx_event *latest_event(const lx_doc *d, const char *action)
{
	const lx_event *best = NULL;
	for (size_t i = 0; i < d->history.n; i++) {
		const lx_event *e = &LX_VEC_AT(&d->history, lx_event, i);
		if (action && (!e->action || strcmp(e->action, action)))
			continue;
		if (!action && e->action && !strcmp(e->action, "施行"))
			continue;
		if (e->date && (!best || cmp_date(e->date, best->date) >= 0))
			best = e;
	}
	return best;
}

/* The actions of the body that enacts a version (批准 is the approving
 * body's: a city regulation's issuer is the city's congress). */
static const char *const enact_actions[] = {"通过", "修正", "修订", NULL};

static bool action_in(const lx_event *e, const char *const *acts)
{
	for (size_t k = 0; e->action && acts[k]; k++)
		if (!strcmp(e->action, acts[k]))
			return true;
	return false;
}

/* The latest event with one of the actions (with a body when `with_by`):
 * the latest dated one, else the last undated one. */
static const lx_event *latest_of(const lx_doc *d, const char *const *acts,
                                 bool with_by)
{
	const lx_event *best = NULL, *undated = NULL;
	for (size_t i = 0; i < d->history.n; i++) {
		const lx_event *e = &LX_VEC_AT(&d->history, lx_event, i);
		if (!action_in(e, acts) || (with_by && !e->by))
			continue;
		if (!e->date)
			undated = e;
		else if (!best || cmp_date(e->date, best->date) >= 0)
			best = e;
	}
	return best ? best : undated;
}

/* The date of this version: its latest event but entry into force
 * (施行): the 通过/修正/修订/批准 that made it, or its promulgation (公布,
 * 国务院令…公布; the city's 公告 after the province's 批准) when that comes
 * after, as the versions of the corpus are dated. */
static const char *version_of(const lx_doc *d)
{
	const lx_event *e = latest_event(d, NULL);
	return e ? e->date : NULL;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* date + years - 1 day, as "有效期3年" counts from the effective date. */
static const char *add_years(lx_arena *a, const char *date, long years)
{
	int y, m, dd;
	if (!date || years <= 0 || years > 1000 ||
	    sscanf(date, "%d-%d-%d", &y, &m, &dd) != 3)
		return NULL;
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	y += (int)years;
	if (m == 2 && dd == 29 && !leap(y))
		dd = 28 + 1; /* 2/29 + N years - 1 day = 2/28 */
	dd--;
	if (dd == 0) {
		if (--m == 0) {
			m = 12;
			y--;
		}
		dd = mdays[m - 1] + (m == 2 && leap(y));
	}
	return lx_arena_printf(a, "%04d-%02d-%02d", y, m, dd);
}

/* Effective date, validity and repeals from the body text. */
static void body_meta(mt *t)
{
	lx_doc *d = t->d;
	const lx_node *eff_node = NULL, *val_node = NULL;
	lx_match m;
	/* Each text is scanned once for the first characters of the hint
	 * literals; the keys below look their hints up among the hits. */
	lx_hits h = {0};
	const lx_grammar *g = t->meta;
	for (const lx_node *n = d->root; n;
	     n = lx_node_next_preorder(d->root, n)) {
		if (!n->text || !*n->text)
			continue;
		const char *s = n->text;
		size_t len = strlen(s), off = 0, pos = 0;
		lx_grammar_scan(g, s, len, &h);
		if (lx_hits_match_key(g, LX_K_EFFECTIVE, &h, s, len, t->md, &m) ||
		    lx_hits_match_key(g, LX_K_EFFECTIVE_ON, &h, s, len, t->md,
		                      &m))
			eff_node = n;
		if (lx_hits_match_key(g, LX_K_VALIDITY_YEARS, &h, s, len, t->md,
		                      &m) ||
		    lx_hits_match_key(g, LX_K_VALID_UNTIL, &h, s, len, t->md, &m))
			val_node = n;
		if (!t->self_issuer &&
		    lx_hits_match_key(g, LX_K_SELF_ISSUER, &h, s, len, t->md,
		                      &m))
			t->self_issuer = grp(t, &m, "issuer");
		const lx_rule *r = lx_grammar_rule(g, LX_K_REPEAL, &pos);
		if (!lx_hits_hint(g, LX_K_REPEAL, &h, s, len))
			r = NULL;
		while (r && lx_match_next(r, n->text, len, &off, t->md, &m)) {
			const char *lv;
			size_t ll;
			if (!lx_group(&m, "list", &lv, &ll))
				continue;
			size_t lo = 0, rp = 0;
			const lx_rule *tr =
				lx_grammar_rule(t->meta, LX_K_REPEAL_TITLE, &rp);
			lx_match tm;
			while (lx_match_next(tr, lv, ll, &lo, t->md, &tm)) {
				lx_repeal *rep = lx_vec_push(&d->repeals,
				                             sizeof(*rep));
				if (!rep) {
					d->oom = true;
					lx_hits_free(&h);
					return;
				}
				rep->title = grp(t, &tm, "title");
				rep->doc_number = grp(t, &tm, "num");
			}
		}
	}
	lx_hits_free(&h);
	if (eff_node) {
		const char *s = eff_node->text;
		int line = eff_node->line_first;
		const char *dv;
		size_t dl;
		if (mm(t, LX_K_EFFECTIVE, s, &m) && lx_group(&m, "date", &dv, &dl)) {
			d->effective = date_of(t, dv, dl, line,
			                       "the effective date");
		} else if (mm(t, LX_K_EFFECTIVE_ON, s, &m)) {
			const char *act = m.rule->value;
			const lx_event *e = latest_event(d, act);
			if (!e && act && !strcmp(act, "印发"))
				e = latest_event(d, "发布");
			if (e)
				d->effective = e->date;
			else
				lx_diag_add(d, LX_SEV_WARNING, "missing-date",
				            line,
				            "in force from the day of %s, but "
				            "the document gives no %s date: "
				            "effective is null",
				            act ? act : "issue",
				            act ? act : "issue");
		}
	} else if (latest_event(d, "施行")) {
		d->effective = latest_event(d, "施行")->date;
	}
	/* The effective date of this version, never the original law's:
	 * "本条例自2016年1月1日起施行" kept in an amended text, or its first
	 * publication, is earlier than the version and does not say when
	 * the amended text took effect. */
	const char *version = version_of(d);
	if (d->effective && version && strcmp(d->effective, version) < 0) {
		lx_diag_add(d, LX_SEV_INFO, "effective-of-earlier-version",
		            eff_node ? eff_node->line_first : 0,
		            "the text takes effect on %s, before this version "
		            "(%s): that is an earlier version's date, effective "
		            "is null",
		            d->effective, version);
		d->effective = NULL;
	} else if (!d->effective && !eff_node) {
		lx_diag_add(d, LX_SEV_INFO, "missing-date", 0,
		            "no effective date found in the text");
	}
	if (val_node) {
		const char *s = val_node->text, *v;
		size_t vl;
		int line = val_node->line_first;
		if (mm(t, LX_K_VALID_UNTIL, s, &m) && lx_group(&m, "date", &v, &vl)) {
			d->expires = date_of(t, v, vl, line, "the expiry date");
		} else if (mm(t, LX_K_VALIDITY_YEARS, s, &m) &&
		           lx_group(&m, "n", &v, &vl)) {
			long years = lx_cn_number(v, vl);
			d->expires = add_years(&d->arena, d->effective, years);
			if (!d->expires)
				lx_diag_add(d, LX_SEV_WARNING, "missing-date",
				            line,
				            "valid for %ld year(s), but the "
				            "effective date is unknown: expires "
				            "is null",
				            years);
		}
	}
}

static const char *first_value(mt *t, lx_key key, const char *subject,
                               bool want_group, const char *group)
{
	size_t pos = 0;
	const lx_rule *r;
	lx_match m;
	while ((r = lx_grammar_rule(t->meta, key, &pos)))
		if (lx_match_rule(r, subject, strlen(subject), 0, t->md, &m)) {
			const char *g = want_group ? grp(t, &m, group) : NULL;
			return g ? g : r->value;
		}
	return NULL;
}

/* Removes every match of the issuer_clean rules: 第十五届, 第二十四次会议. */
static const char *clean_issuer(mt *t, const char *by)
{
	if (!by)
		return NULL;
	char *s = lx_arena_strdup(&t->d->arena, by);
	size_t pos = 0;
	const lx_rule *r;
	lx_match m;
	while (s && (r = lx_grammar_rule(t->meta, LX_K_ISSUER_CLEAN, &pos))) {
		size_t len = strlen(s);
		while (lx_match_rule(r, s, len, 0, t->md, &m)) {
			size_t a, b;
			lx_match_span(&m, &a, &b);
			if (b == a)
				break;
			memmove(s + a, s + b, len - b + 1);
			len -= b - a;
		}
	}
	return s && *s ? s : NULL;
}

/* Every match of the body_expand rules replaced by the rule's value
 * (人大常委会 -> 人民代表大会常务委员会). */
static const char *expand_body(mt *t, const char *s)
{
	size_t pos = 0;
	const lx_rule *r;
	lx_match m;
	while (s && (r = lx_grammar_rule(t->meta, LX_K_BODY_EXPAND, &pos))) {
		if (!r->value ||
		    !lx_match_rule(r, s, strlen(s), 0, t->md, &m))
			continue;
		size_t a, b;
		lx_match_span(&m, &a, &b);
		s = lx_arena_printf(&t->d->arena, "%.*s%s%s", (int)a, s,
		                    r->value, s + b);
	}
	return s;
}

/* The first of the jurisdiction and the divisions containing it whose
 * name ends with unit (市, 省), or NULL. */
static const char *place_ending(const lx_doc *d, const char *unit)
{
	size_t ul = strlen(unit);
	const char *c[1 + sizeof(d->within) / sizeof(d->within[0])] = {
		d->jurisdiction};
	for (size_t i = 0; i < sizeof(d->within) / sizeof(d->within[0]); i++)
		c[i + 1] = d->within[i];
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		size_t l = c[i] ? strlen(c[i]) : 0;
		if (l > ul && !strcmp(c[i] + l - ul, unit))
			return c[i];
	}
	return NULL;
}

/* The body of each event (lx_event.body): cleaned as the issuer is,
 * spelled out, and a leading 市 or 省 (市九届人大常委会) given the
 * document's city or province. */
static void event_bodies(mt *t)
{
	lx_doc *d = t->d;
	for (size_t i = 0; i < d->history.n; i++) {
		lx_event *e = &LX_VEC_AT(&d->history, lx_event, i);
		const char *b = expand_body(t, clean_issuer(t, e->by));
		const char *place = NULL;
		if (b && !strncmp(b, "市", 3))
			place = place_ending(d, "市");
		else if (b && !strncmp(b, "省", 3))
			place = place_ending(d, "省");
		if (place)
			b = lx_arena_printf(&d->arena, "%s%s", place, b + 3);
		e->body = b;
	}
}

static void classify(mt *t)
{
	lx_doc *d = t->d;
	const char *title = d->title ? d->title : "";
	if (!d->status) {
		d->status = first_value(t, LX_K_STATUS, title, false, NULL);
		if (!d->status)
			d->status = "有效";
	}
	/* Issuer: the notice's signer or letterhead, else the body that
	 * adopted the latest version. */
	if (d->has_wrapper && d->wrapper.issuer)
		d->issuer = d->wrapper.issuer;
	if (!d->issuer) {
		/* The body that enacted this version (通过/修正/修订), not
		 * the one that approved it (批准); else whoever published it. */
		const lx_event *e = latest_of(d, enact_actions, true);
		if (!e) {
			e = latest_event(d, NULL);
			for (size_t i = d->history.n; !e && i-- > 0;)
				if (LX_VEC_AT(&d->history, lx_event, i).by)
					e = &LX_VEC_AT(&d->history, lx_event, i);
		}
		d->issuer = clean_issuer(t, e ? e->by : NULL);
		/* "市十四届人大常委会…通过": a body that names no place is the
		 * one that published the text (宁波市人民代表大会常务委员会公告
		 * 第12号公布), when it does. */
		const lx_event *pub = latest_event(d, "公布");
		const char *pb = pub ? clean_issuer(t, pub->by) : NULL;
		if (d->issuer && pb && pub != e &&
		    (!strncmp(d->issuer, "市", 3) || !strncmp(d->issuer, "省", 3) ||
		     !strncmp(d->issuer, "人大", 6)))
			d->issuer = pb;
	}
	/* No event names a body: the text may name itself ("本规定生效后，
	 * 公安部以前制定的规定…"). */
	if (!d->issuer && t->self_issuer)
		d->issuer = t->self_issuer;
	/* Jurisdiction: the division at the start of the title or the
	 * issuer (gazetteer.c).  Else the grammar's rules, on the title,
	 * unless the issuer names a place more precisely (national bodies, a
	 * place the gazetteer lacks before the name of a body, and
	 * 中华人民共和国 by default). */
	lx_gazetteer gz;
	const char *j = NULL;
	if (lx_gazetteer_builtin(&gz))
		j = lx_gaz_jurisdiction(&gz, &d->arena, title, d->issuer,
		                        d->within);
	if (!j) {
		const char *jt = first_value(t, LX_K_JURISDICTION, title, true,
		                             "j");
		const char *ji = d->issuer ? first_value(t, LX_K_JURISDICTION,
		                                         d->issuer, true, "j")
		                           : NULL;
		const char *national = "中华人民共和国";
		j = jt;
		if (ji && strcmp(ji, national) &&
		    (!jt || !strcmp(jt, national) ||
		     (strlen(ji) > strlen(jt) && !strncmp(ji, jt, strlen(jt)))))
			j = ji;
	}
	d->jurisdiction = j;
	event_bodies(t);
	char *desc = lx_arena_printf(
		&d->arena,
		"title=%s\nissuer=%s\ndocnum=%s\njurisdiction=%s\ngrammar=%s\n"
		"wrapper=%s\n",
		title, d->issuer ? d->issuer : "",
		d->doc_number ? d->doc_number : "", j ? j : "", d->grammar,
		d->has_wrapper ? "yes" : "no");
	d->type = desc ? first_value(t, LX_K_TYPE, desc, false, NULL) : NULL;
	/* The issuer its title names, for the types whose titles name it
	 * (the title_issuer rules: a judicial interpretation is issued by the
	 * court(s) its title begins with, whichever committee adopted it). */
	size_t tp = 0;
	const lx_rule *tr;
	lx_match tm;
	while (d->type && d->title &&
	       (tr = lx_grammar_rule(t->meta, LX_K_TITLE_ISSUER, &tp)))
		if (tr->value && !strcmp(tr->value, d->type) &&
		    lx_match_rule(tr, d->title, strlen(d->title), 0, t->md,
		                  &tm)) {
			const char *i1 = grp(t, &tm, "issuer"),
			           *i2 = grp(t, &tm, "issuer2");
			if (i1)
				d->issuer = i2 ? lx_arena_printf(&d->arena, "%s、%s",
				                                 i1, i2)
				               : i1;
			break;
		}
	if (!d->type)
		lx_diag_add(d, LX_SEV_INFO, "unknown-type", 0,
		            "the document type could not be determined");
	if (!d->title) {
		lx_diag_add(d, LX_SEV_WARNING, "missing-title", 0,
		            "no title found");
	}
	const char *base = d->title;
	if (!base) {
		const char *slash = strrchr(d->path, '/');
		base = slash ? slash + 1 : d->path;
	}
	d->version = version_of(d);
	d->work = lx_arena_strdup(&d->arena, base);
	d->id = d->version ? lx_arena_printf(&d->arena, "%s@%s", base,
	                                     d->version)
	                   : d->work;
}

int lx_meta_header(lx_doc *d, const lx_grammar *g, const lx_grammar *meta,
                   lx_body_span *span)
{
	mt t = {.d = d, .g = g, .meta = meta};
	t.md = pcre2_match_data_create(32, NULL);
	if (!t.md)
		return LX_ERR_NOMEM;
	size_t n = d->paras.n, info_end = n, first_struct = n;
	for (size_t i = 0; i < n; i++)
		if (LX_VEC_AT(&d->paras, lx_para, i).kind == LX_PARA_INFO_END) {
			info_end = i;
			break;
		}
	for (size_t i = 0; i < n && first_struct == n; i++)
		if (is_structural(&t, &LX_VEC_AT(&d->paras, lx_para, i)))
			first_struct = i;
	size_t header_end = info_end < n ? info_end : first_struct;
	size_t body_start = info_end < n ? info_end + 1 : first_struct;
	size_t preamble = header(&t, header_end, info_end < n);
	/* The back matter (抄送, 印发 line) ends the body. */
	size_t body_end = n;
	lx_match m;
	for (size_t i = body_start; i < n; i++) {
		const lx_para *p = &LX_VEC_AT(&d->paras, lx_para, i);
		if (p->kind != LX_PARA_TEXT)
			continue;
		if (mm(&t, LX_K_CC, p->text, &m)) {
			body_end = i;
			break;
		}
		if (mm(&t, LX_K_PRINTED, p->text, &m)) {
			body_end = i;
			if (i > body_start &&
			    mm(&t, LX_K_SIGNATURE,
			       LX_VEC_AT(&d->paras, lx_para, i - 1).text, &m))
				body_end = i - 1;
			break;
		}
	}
	span->start = preamble < header_end ? preamble : body_start;
	span->end = body_end;
	span->header_prose = preamble < header_end && info_end < n;
	pcre2_match_data_free(t.md);
	return d->oom ? LX_ERR_NOMEM : LX_OK;
}

int lx_meta_body(lx_doc *d, const lx_grammar *g, const lx_grammar *meta,
                 const lx_body_span *span)
{
	mt t = {.d = d, .g = g, .meta = meta};
	t.md = pcre2_match_data_create(32, NULL);
	if (!t.md)
		return LX_ERR_NOMEM;
	size_t n = d->paras.n, body_end = span->end;
	lx_match m;
	int rc = LX_OK;
	if (span->header_prose) {
		/* Prose in a lawrefbook header: keep it, before the body. */
		lx_diag_add(d, LX_SEV_INFO, "header-prose",
		            LX_VEC_AT(&d->paras, lx_para, span->start).line_first,
		            "text between the title and the end of the header "
		            "is kept in the preamble");
	}
	for (size_t i = body_end; rc == LX_OK && i < n; i++) {
		const lx_para *p = &LX_VEC_AT(&d->paras, lx_para, i);
		if (p->kind != LX_PARA_TEXT)
			continue;
		lx_text_line *b = lx_vec_push(&d->back_matter, sizeof(*b));
		if (!b) {
			rc = LX_ERR_NOMEM;
			break;
		}
		b->line = p->line_first;
		b->text = lx_norm_text(&d->arena, p->text, p->len);
		if (!b->text)
			continue;
		if (mm(&t, LX_K_CC, b->text, &m)) {
			size_t a, e;
			lx_match_span(&m, &a, &e);
			d->cc = b->text + e;
		} else if (d->cc && !d->printed_date &&
		           !mm(&t, LX_K_PRINTED, b->text, &m) &&
		           !mm(&t, LX_K_SIGNATURE, b->text, &m)) {
			/* The 抄送 list goes on over several lines. */
			d->cc = lx_arena_printf(&d->arena, "%s%s", d->cc,
			                        b->text);
		}
		if (mm(&t, LX_K_PRINTED, b->text, &m)) {
			const char *dv;
			size_t dl;
			if (lx_group(&m, "date", &dv, &dl))
				d->printed_date = date_of(&t, dv, dl, b->line,
				                          "the printing date");
			d->printed_by = grp(&t, &m, "by");
			if ((!d->printed_by || !*d->printed_by) && i > body_end) {
				const char *prev = LX_VEC_AT(&d->back_matter,
				                             lx_text_line,
				                             d->back_matter.n - 2)
				                           .text;
				if (prev && mm(&t, LX_K_SIGNATURE, prev, &m))
					d->printed_by = prev;
			}
		}
	}
	if (rc == LX_OK) {
		body_meta(&t);
		classify(&t);
	}
	pcre2_match_data_free(t.md);
	return d->oom ? LX_ERR_NOMEM : rc;
}
