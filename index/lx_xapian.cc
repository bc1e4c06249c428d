/*
 * lx_xapian.cc: the C face of libxapian (see lx_xapian.h).  Every exported
 * function body runs inside a try block; the handler maps the exception to
 * a code (lock, corruption, not found, memory, other) and copies its
 * message into the handle.  No C++ type crosses into C.
 */
#include <xapian.h>

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "lx_xapian.h"

struct lx_xq {
	Xapian::Query q;
};

struct lx_xdoc {
	Xapian::Document doc;
	bool failed = false; /* a builder failed: lx_xdb_replace refuses */
};

struct lx_xdb {
	std::unique_ptr<Xapian::Database> rdb;
	Xapian::WritableDatabase *wdb = nullptr; /* owned by rdb when set */
	std::string error, meta, facets[2];
	std::deque<lx_xq> nodes;
	std::vector<std::string> data;
	std::vector<lx_xhit> hits;
};

/* Maps the exception being handled to a code and a message. */
static int fail(lx_xdb *db)
{
	try {
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &e) {
		db->error = "the database is locked by another writer: " +
		            e.get_msg();
		return LX_ERR_LOCKED;
	} catch (const Xapian::DatabaseCorruptError &e) {
		db->error = "the database is damaged: " + e.get_msg();
		return LX_ERR_DAMAGED;
	} catch (const Xapian::DatabaseModifiedError &e) {
		db->error = "the index changed under this reader (a writer "
		            "committed twice meanwhile): run again";
		return LX_ERR_CHANGED;
	} catch (const Xapian::DatabaseNotFoundError &e) {
		db->error = "no database there: " + e.get_msg();
		return LX_ERR_NOT_FOUND;
	} catch (const Xapian::DatabaseOpeningError &e) {
		db->error = "cannot open the database: " + e.get_msg();
		return LX_ERR_NOT_FOUND;
	} catch (const Xapian::Error &e) {
		db->error = e.get_type() + std::string(": ") + e.get_msg();
		/* A write that failed for want of space, or on the device:
		 * the error string is strerror's. */
		const char *why = e.get_error_string();
		int codes[] = {ENOSPC, EDQUOT, EIO, EFBIG, EROFS};
		for (int c : codes)
			if (why && !strcmp(why, strerror(c))) {
				db->error += std::string(" (") + why + ")";
				return LX_ERR_WRITE;
			}
		return LX_ERR_INDEX;
	} catch (const std::bad_alloc &) {
		db->error = "out of memory";
		return LX_ERR_NOMEM;
	} catch (const std::exception &e) {
		db->error = e.what();
		return LX_ERR_INDEX;
	} catch (...) {
		db->error = "unknown error in the index";
		return LX_ERR_INDEX;
	}
	} catch (...) {
		/* no memory for the message itself */
		db->error.clear();
		return LX_ERR_NOMEM;
	}
}

static int remove_one(const char *p, const struct stat *sb, int flag,
                      struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

static int remove_tree(const std::string &path)
{
	struct stat st;
	if (lstat(path.c_str(), &st) != 0)
		return 0;
	return nftw(path.c_str(), remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

extern "C" int lx_xdb_reopen(lx_xdb *db)
{
	try {
		db->rdb->reopen();
		return 0;
	} catch (...) {
		return fail(db);
	}
}

extern "C" int lx_xdb_remove(const char *path)
{
	try { /* no C++ exception may leave a C entry point */
		return remove_tree(path) ? LX_ERR_INDEX : 0;
	} catch (const std::bad_alloc &) {
		return LX_ERR_NOMEM;
	} catch (...) {
		return LX_ERR_INDEX;
	}
}

/* A stub file: one shard per line, "auto PATH" (relative to the stub),
 * "remote tcp HOST PORT" or Xapian's own "remote HOST:PORT"; blank lines
 * and # comments are skipped.  Xapian opens stub files itself
 * (Xapian::Database(path)), but not this format: its reader (1.4) takes
 * "remote HOST:PORT" only and stops at "remote tcp HOST PORT" (the form
 * lexcn documents and tests/cli_test.sh uses) and at an indented comment
 * with "Bad line", and it sets no timeouts; nor does it look for
 * DIR/lexcn.stub.  Checked with xapian-delve on such stubs. */
static Xapian::Database *open_stub(const std::string &path)
{
	std::ifstream in(path);
	if (!in)
		throw Xapian::DatabaseOpeningError("cannot read the stub " + path);
	std::string dir = path.substr(0, path.find_last_of('/') + 1), line;
	std::unique_ptr<Xapian::Database> db(new Xapian::Database);
	int lineno = 0, shards = 0;
	while (std::getline(in, line)) {
		lineno++;
		std::istringstream ls(line);
		std::string kind, a, b, c;
		ls >> kind;
		if (kind.empty() || kind[0] == '#')
			continue;
		ls >> a >> b >> c;
		std::string where = path + ":" + std::to_string(lineno) + ": ";
		if (kind == "auto" && !a.empty()) {
			db->add_database(Xapian::Database(
				a[0] == '/' ? a : dir + a));
		} else if (kind == "remote" && a == "tcp" && !b.empty() &&
		           !c.empty()) {
			db->add_database(Xapian::Remote::open(
				b, (unsigned)std::stoul(c), 10000, 10000));
		} else if (kind == "remote" && a.find(':') != std::string::npos &&
		           b.empty()) {
			size_t colon = a.rfind(':');
			db->add_database(Xapian::Remote::open(
				a.substr(0, colon),
				(unsigned)std::stoul(a.substr(colon + 1)), 10000,
				10000));
		} else {
			throw Xapian::DatabaseOpeningError(
				where + "expected 'auto PATH' or 'remote tcp HOST "
				        "PORT'");
		}
		shards++;
	}
	if (!shards)
		throw Xapian::DatabaseOpeningError(path + ": no shard listed");
	return db.release();
}

extern "C" {

int lx_xdb_open(lx_xdb **out, const char *path, int writable)
{
	*out = nullptr;
	lx_xdb *db;
	try {
		db = new lx_xdb;
	} catch (...) {
		return LX_ERR_NOMEM;
	}
	*out = db;
	try {
		/* A compaction killed between its renames left path.old:
		 * that is the database. */
		struct stat st0;
		std::string old = std::string(path) + ".old";
		if (stat(path, &st0) != 0 && stat(old.c_str(), &st0) == 0 &&
		    rename(old.c_str(), path) != 0)
			throw Xapian::DatabaseOpeningError("cannot restore " + old);
		if (writable) {
			db->wdb = new Xapian::WritableDatabase(
				path, Xapian::DB_CREATE_OR_OPEN);
			db->rdb.reset(db->wdb);
			/* With the lock: what a compaction killed after its
			 * swap left behind (the old copy) goes. */
			if (remove_tree(std::string(path) + ".compact"))
				throw Xapian::DatabaseError("cannot remove " +
				                            std::string(path) +
				                            ".compact");
		} else {
			struct stat st;
			std::string p = path, stub = p + "/lexcn.stub";
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				db->rdb.reset(open_stub(p));
			else if (stat(stub.c_str(), &st) == 0)
				db->rdb.reset(open_stub(stub));
			else if (stat(path, &st) != 0)
				throw Xapian::DatabaseNotFoundError(
					p + ": no such index");
			else
				db->rdb.reset(new Xapian::Database(p));
		}
		return 0;
	} catch (...) {
		return fail(db);
	}
}

const char *lx_xdb_error(const lx_xdb *db)
{
	return db && !db->error.empty() ? db->error.c_str() : "out of memory";
}

void lx_xdb_close(lx_xdb *db)
{
	if (!db)
		return;
	try {
		if (db->wdb)
			db->wdb->close();
	} catch (...) {
	}
	delete db;
}

lx_xdoc *lx_xdoc_new(void)
{
	try {
		return new lx_xdoc;
	} catch (...) {
		return nullptr;
	}
}

void lx_xdoc_free(lx_xdoc *d)
{
	delete d;
}

/* The builders below cannot report errors one by one: a failure (memory)
 * surfaces at lx_xdb_replace, which rebuilds nothing and reports. */
void lx_xdoc_term(lx_xdoc *d, const char *term, size_t len, unsigned pos)
{
	try {
		if (pos)
			d->doc.add_posting(std::string(term, len), pos);
		else
			d->doc.add_term(std::string(term, len));
	} catch (...) {
		d->failed = true;
	}
}

void lx_xdoc_boolean(lx_xdoc *d, const char *term)
{
	try {
		d->doc.add_boolean_term(term);
	} catch (...) {
		d->failed = true;
	}
}

void lx_xdoc_value(lx_xdoc *d, unsigned slot, const char *value)
{
	try {
		d->doc.add_value(slot, value);
	} catch (...) {
		d->failed = true;
	}
}

void lx_xdoc_data(lx_xdoc *d, const char *data, size_t len)
{
	try {
		d->doc.set_data(std::string(data, len));
	} catch (...) {
		d->failed = true;
	}
}

int lx_xdb_replace(lx_xdb *db, const char *idterm, lx_xdoc *d)
{
	try {
		if (!db->wdb)
			throw Xapian::InvalidOperationError("read-only database");
		if (d->failed)
			throw std::bad_alloc();
		d->doc.add_boolean_term(idterm);
		db->wdb->replace_document(idterm, d->doc);
		return 0;
	} catch (...) {
		return fail(db);
	}
}

int lx_xdb_delete(lx_xdb *db, const char *term)
{
	try {
		if (!db->wdb)
			throw Xapian::InvalidOperationError("read-only database");
		db->wdb->delete_document(term);
		return 0;
	} catch (...) {
		return fail(db);
	}
}

int lx_xdb_commit(lx_xdb *db)
{
	try {
		if (db->wdb)
			db->wdb->commit();
		return 0;
	} catch (...) {
		return fail(db);
	}
}

int lx_xdb_set_meta(lx_xdb *db, const char *key, const char *value)
{
	try {
		if (!db->wdb)
			throw Xapian::InvalidOperationError("read-only database");
		db->wdb->set_metadata(key, value);
		return 0;
	} catch (...) {
		return fail(db);
	}
}

const char *lx_xdb_get_meta(lx_xdb *db, const char *key)
{
	try {
		db->meta = db->rdb->get_metadata(key);
		return db->meta.c_str();
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

int lx_xdb_meta_keys(lx_xdb *db, const char *prefix,
                     void (*fn)(void *ctx, const char *key), void *ctx)
{
	try {
		for (auto it = db->rdb->metadata_keys_begin(prefix);
		     it != db->rdb->metadata_keys_end(prefix); ++it)
			fn(ctx, (*it).c_str());
		return 0;
	} catch (...) {
		return fail(db);
	}
}

int lx_xdb_set_value(lx_xdb *db, const char *selector, unsigned slot,
                     const char *value)
{
	try {
		if (!db->wdb)
			throw Xapian::InvalidOperationError("read-only database");
		std::vector<Xapian::docid> ids;
		for (auto it = db->wdb->postlist_begin(selector);
		     it != db->wdb->postlist_end(selector); ++it)
			ids.push_back(*it);
		for (Xapian::docid id : ids) {
			Xapian::Document doc = db->wdb->get_document(id);
			/* Rewrite only what changes (a rerun changes nothing). */
			if (doc.get_value(slot) == value)
				continue;
			doc.add_value(slot, value);
			db->wdb->replace_document(id, doc);
		}
		return 0;
	} catch (...) {
		return fail(db);
	}
}

int lx_xdb_set_flag(lx_xdb *db, const char *selector, const char *flag, int on)
{
	try {
		if (!db->wdb)
			throw Xapian::InvalidOperationError("read-only database");
		/* Which documents need a change: the selector's postings
		 * against the flag's (no document is read for the others). */
		std::vector<Xapian::docid> ids;
		auto f = db->wdb->postlist_begin(flag);
		auto fe = db->wdb->postlist_end(flag);
		for (auto it = db->wdb->postlist_begin(selector);
		     it != db->wdb->postlist_end(selector); ++it) {
			if (f != fe)
				f.skip_to(*it);
			bool has = f != fe && *f == *it;
			if (has != (on != 0))
				ids.push_back(*it);
		}
		for (Xapian::docid id : ids) {
			Xapian::Document doc = db->wdb->get_document(id);
			if (on)
				doc.add_boolean_term(flag);
			else
				doc.remove_term(flag);
			db->wdb->replace_document(id, doc);
		}
		return 0;
	} catch (...) {
		return fail(db);
	}
}

int lx_xdb_each(lx_xdb *db, const char *term,
                int (*fn)(void *ctx, const char *data, size_t len), void *ctx)
{
	try {
		std::string t = term ? term : "";
		for (auto it = db->rdb->postlist_begin(t);
		     it != db->rdb->postlist_end(t); ++it) {
			std::string d = db->rdb->get_document(*it).get_data();
			int r = fn(ctx, d.data(), d.size());
			if (r)
				return r;
		}
		return 0;
	} catch (...) {
		return fail(db);
	}
}

int lx_xdb_compact(lx_xdb *db, const char *path, const char *const *extra)
{
	std::string tmp = std::string(path) + ".compact";
	try {
		if (!db->wdb)
			throw Xapian::InvalidOperationError("compaction needs the "
			                                    "writer's handle");
		db->wdb->commit();
		if (remove_tree(tmp))
			throw Xapian::DatabaseError("cannot remove " + tmp);
		{
			Xapian::Database rd(path);
			bool more = false;
			for (size_t i = 0; extra && extra[i]; i++, more = true)
				rd.add_database(Xapian::Database(extra[i]));
			/* Merged databases number their documents one after
			 * the other; one alone keeps its numbers. */
			rd.compact(tmp, more ? 0 : Xapian::DBCOMPACT_NO_RENUMBER);
		}
		/* The writer still holds the lock, so no other writer can
		 * commit what the swap would drop.  The swap is one atomic
		 * exchange: a reader opening meanwhile finds the old or the
		 * new database, never none, and a kill leaves one of them in
		 * place (the other in path.compact, removed by the next
		 * compaction). */
		if (renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path,
		              RENAME_EXCHANGE) != 0) {
			/* A file system without RENAME_EXCHANGE: two renames;
			 * lx_xdb_open restores path.old after a kill between
			 * them. */
			std::string old = std::string(path) + ".old";
			if (rename(path, old.c_str()) ||
			    rename(tmp.c_str(), path))
				throw Xapian::DatabaseError(
					"cannot swap in the compacted database");
			if (rename(old.c_str(), tmp.c_str()))
				throw Xapian::DatabaseError("cannot move " + old);
		}
		db->wdb->close();
		if (remove_tree(tmp))
			throw Xapian::DatabaseError("cannot remove " + tmp);
		return 0;
	} catch (...) {
		return fail(db);
	}
}

long lx_xdb_termfreq(lx_xdb *db, const char *term)
{
	try {
		return (long)db->rdb->get_termfreq(term);
	} catch (...) {
		return fail(db);
	}
}

long lx_xdb_doccount(lx_xdb *db)
{
	try {
		return (long)db->rdb->get_doccount();
	} catch (...) {
		return fail(db);
	}
}

static lx_xq *node(lx_xdb *db, Xapian::Query q)
{
	try {
		db->nodes.push_back(lx_xq{q});
		return &db->nodes.back();
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

lx_xq *lx_xq_term(lx_xdb *db, const char *term)
{
	try {
		return node(db, Xapian::Query(term));
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

lx_xq *lx_xq_phrase(lx_xdb *db, const char *const *terms, size_t n)
{
	try {
		if (n == 1)
			return node(db, Xapian::Query(terms[0]));
		std::vector<Xapian::Query> v;
		for (size_t i = 0; i < n; i++)
			v.emplace_back(terms[i]);
		return node(db, Xapian::Query(Xapian::Query::OP_PHRASE,
		                              v.begin(), v.end(),
		                              (Xapian::termcount)n));
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

lx_xq *lx_xq_range(lx_xdb *db, unsigned slot, const char *lo, const char *hi)
{
	try {
		if (lo && hi)
			return node(db, Xapian::Query(Xapian::Query::OP_VALUE_RANGE,
			                              slot, lo, hi));
		if (lo)
			return node(db, Xapian::Query(Xapian::Query::OP_VALUE_GE,
			                              slot, lo));
		return node(db, Xapian::Query(Xapian::Query::OP_VALUE_LE, slot,
		                              hi ? hi : ""));
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

lx_xq *lx_xq_combine(lx_xdb *db, int op, lx_xq *a, lx_xq *b, unsigned window)
{
	if (!a || !b)
		return nullptr;
	try {
		Xapian::Query::op o = op == LX_XQ_AND      ? Xapian::Query::OP_AND
		                      : op == LX_XQ_OR     ? Xapian::Query::OP_OR
		                      : op == LX_XQ_AND_NOT ? Xapian::Query::OP_AND_NOT
		                      : op == LX_XQ_FILTER ? Xapian::Query::OP_FILTER
		                      : op == LX_XQ_AND_MAYBE
		                              ? Xapian::Query::OP_AND_MAYBE
		                              : Xapian::Query::OP_NEAR;
		if (o == Xapian::Query::OP_NEAR) {
			Xapian::Query v[2] = {a->q, b->q};
			return node(db, Xapian::Query(o, v, v + 2, window));
		}
		return node(db, Xapian::Query(o, a->q, b->q));
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

lx_xq *lx_xq_all(lx_xdb *db)
{
	try {
		return node(db, Xapian::Query::MatchAll);
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

void lx_xdb_query_reset(lx_xdb *db)
{
	db->nodes.clear();
}

static int search_once(lx_xdb *db, lx_xq *q, const lx_xsearch *how,
                       lx_xresult *out);

int lx_xdb_search(lx_xdb *db, lx_xq *q, const lx_xsearch *how,
                  lx_xresult *out)
{
	/* A reader sees the last commit it opened; when a writer has moved
	 * on by two commits meanwhile, reopen on the newest and search
	 * again. */
	for (int attempt = 0;; attempt++) {
		int rc = search_once(db, q, how, out);
		if (rc != LX_ERR_CHANGED || attempt == 3 || lx_xdb_reopen(db))
			return rc;
	}
}

static int search_once(lx_xdb *db, lx_xq *q, const lx_xsearch *how,
                       lx_xresult *out)
{
	try {
		Xapian::Enquire enq(*db->rdb);
		enq.set_query(q->q);
		if (how->limit == 0 || how->ids_only) /* no weights needed */
			enq.set_weighting_scheme(Xapian::BoolWeight());
		else if (how->sort_slot >= 0)
			enq.set_sort_by_value_then_relevance(
				(Xapian::valueno)how->sort_slot,
				how->sort_descending != 0);
		Xapian::ValueCountMatchSpy *spy[2] = {nullptr, nullptr};
		int slots[2] = {how->facet_a, how->facet_b};
		for (int k = 0; k < 2; k++)
			if (slots[k] >= 0) {
				spy[k] = new Xapian::ValueCountMatchSpy(
					(Xapian::valueno)slots[k]);
				enq.add_matchspy(spy[k]->release());
			}
		Xapian::doccount total = db->rdb->get_doccount();
		/* Checking every match makes the estimate the exact count. */
		Xapian::MSet ms = enq.get_mset((Xapian::doccount)how->first,
		                               (Xapian::doccount)how->limit,
		                               how->exact || spy[0] || spy[1]
		                                       ? total
		                                       : 0);
		out->count = (long)ms.get_matches_estimated();
		db->data.clear();
		db->hits.clear();
		for (auto it = ms.begin(); it != ms.end(); ++it)
			db->data.push_back(how->ids_only
			                           ? std::string()
			                           : it.get_document().get_data());
		size_t i = 0;
		for (auto it = ms.begin(); it != ms.end(); ++it, ++i)
			db->hits.push_back(lx_xhit{it.get_weight(),
			                           db->data[i].c_str(),
			                           db->data[i].size(),
			                           (unsigned)*it});
		out->hits = db->hits.data();
		out->n_hits = db->hits.size();
		for (int k = 0; k < 2; k++) {
			db->facets[k].clear();
			out->facets[k] = nullptr;
			if (!spy[k])
				continue;
			for (auto v = spy[k]->values_begin();
			     v != spy[k]->values_end(); ++v)
				db->facets[k] += *v + "\t" +
				                 std::to_string(v.get_termfreq()) +
				                 "\n";
			out->facets[k] = db->facets[k].c_str();
		}
		return 0;
	} catch (...) {
		return fail(db);
	}
}

/* lx_xdb_terms: the terms of a prefix, for a query that matches a part of
 * a boolean value (title:); Xapian's allterms merges the shards. */
int lx_xdb_terms(lx_xdb *db, const char *prefix,
                 int (*fn)(void *ctx, const char *term, size_t len),
                 void *ctx)
{
	try {
		for (auto it = db->rdb->allterms_begin(prefix);
		     it != db->rdb->allterms_end(prefix); ++it) {
			const std::string &t = *it;
			int r = fn(ctx, t.data(), t.size());
			if (r)
				return r;
		}
		return 0;
	} catch (...) {
		return fail(db);
	}
}

} /* extern "C" */
