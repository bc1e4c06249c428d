/*
 * lx_xapian.cc: the C face of libxapian (see lx_xapian.h).  Every exported
 * function body runs inside a try block; the handler maps the exception to
 * a code (lock, corruption, not found, memory, other) and copies its
 * message into the handle.  No C++ type crosses into C.
 */
#include <xapian.h>

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <sstream>
#include <map>
#include <unordered_map>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "lx_xapian.h"
extern "C" {
#include "postings.h"
}

struct lx_xq {
	Xapian::Query q;
};

/* A term of a document for the segment's own postings (postings.h). */
struct ownterm {
	size_t off, len;
	unsigned wdf;
};

struct lx_xdoc {
	Xapian::Document doc;
	std::string text; /* for the segment's text store */
	/* Its character, pair and triple terms (lx_xdb_is_own), for the
	 * segment's postings, or for Xapian in an index that keeps a
	 * termlist (shards); the sum of every wdf given (its length). */
	std::string ownbytes;
	std::vector<ownterm> own;
	unsigned long long length = 0;
	bool positional = false; /* such a term was given a position */
	bool failed = false; /* a builder failed: lx_xdb_add refuses */
};

/* The terms a segment keeps in its own postings rather than in Xapian:
 * characters (C), pairs (B), triples (T), as index.c names them. */
static bool is_own(const char *t, size_t len)
{
	return len > 1 && (t[0] == 'B' || t[0] == 'C' || t[0] == 'T');
}

/* The document length term: a Xapian term whose wdf is the sum of the
 * own terms' counts, so that Xapian's document length (BM25 of the word
 * terms) is the same as if they were its own. */
static const char LENGTH_TERM[] = "L";

/* An index this lexcn cannot read or write as it is. */
struct format_error : std::runtime_error {
	using std::runtime_error::runtime_error;
};

/* ---- text stores ----
 *
 * Each segment keeps the text of its documents, as lx_xdoc_text gave it,
 * in SEG/lexcn-texts, for checking candidates without reading and
 * inflating stored data: the texts one after the other, each followed by
 * a NUL, then the offset of each (n + 1 of them, 64 bits, the machine's
 * byte order), then n and the magic "LXTEXTS1".  Document k of the
 * segment (k from 1) is text k.  Written while the segment is, complete
 * before the segment is committed; mapped by readers. */
static const char TEXTS_FILE[] = "/lexcn-texts";
static const char TEXTS_MAGIC[8] = {'L', 'X', 'T', 'E', 'X', 'T', 'S', '1'};

struct textstore {
	void *map = MAP_FAILED;
	size_t size = 0;
	uint64_t n = 0;
	const char *off = nullptr; /* n + 1 offsets, maybe unaligned */
	const char *body = nullptr;
	uint64_t at(uint64_t i) const
	{
		uint64_t v;
		memcpy(&v, off + 8 * i, 8);
		return v;
	}
	textstore() = default;
	textstore(const textstore &) = delete;
	textstore &operator=(const textstore &) = delete;
	~textstore()
	{
		if (map != MAP_FAILED)
			munmap(map, size);
	}
};

/* Maps the text store of a segment directory; a missing or damaged one
 * is a format error (every segment of this format has one). */
static std::shared_ptr<textstore> texts_open(const std::string &seg,
                                             uint64_t docs)
{
	std::string p = seg + TEXTS_FILE;
	std::shared_ptr<textstore> t = std::make_shared<textstore>();
	int fd = open(p.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOMEM)
		throw std::bad_alloc();
	if (fd < 0)
		throw format_error(p + ": " + strerror(errno) +
		                   " (an index of an older lexcn: rebuild the "
		                   "index)");
	struct stat st;
	bool ok = fstat(fd, &st) == 0 && st.st_size >= 24;
	if (ok) {
		t->size = (size_t)st.st_size;
		t->map = mmap(nullptr, t->size, PROT_READ, MAP_SHARED, fd, 0);
		ok = t->map != MAP_FAILED;
	}
	close(fd);
	const char *b = (const char *)t->map;
	if (ok) {
		uint64_t n;
		memcpy(&n, b + t->size - 16, 8);
		ok = !memcmp(b + t->size - 8, TEXTS_MAGIC, 8) && n == docs &&
		     n < t->size / 8 && (n + 1) * 8 + 16 <= t->size;
		if (ok) {
			t->n = n;
			t->off = b + t->size - 16 - (n + 1) * 8;
			t->body = b;
			uint64_t body = t->size - 16 - (n + 1) * 8;
			/* Each text is checked as it is read (store_text). */
			ok = t->at(0) == 0 && t->at(n) == body;
		}
	}
	if (!ok)
		throw format_error(p + ": the text store is damaged (rebuild "
		                       "the index)");
	return t;
}

/* Text k (from 1) of a store: its bytes (NUL-terminated) and length. */
static const char *store_text(const textstore &t, uint64_t k, size_t *len)
{
	uint64_t a = k >= 1 && k <= t.n ? t.at(k - 1) : 0;
	uint64_t b = k >= 1 && k <= t.n ? t.at(k) : 0;
	if (a >= b || b > t.at(t.n) || t.body[b - 1])
		throw Xapian::DatabaseCorruptError("a text store is damaged "
		                                   "(rebuild the index)");
	*len = (size_t)(b - a - 1);
	return t.body + a;
}

/* A text store being written: the texts to a file as they come, the
 * offsets kept until the end. */
struct textwriter {
	FILE *f = nullptr;
	std::string path;
	std::vector<uint64_t> off{0};
	textwriter() = default;
	textwriter(const textwriter &) = delete;
	textwriter &operator=(const textwriter &) = delete;
	~textwriter()
	{
		if (f)
			fclose(f);
	}
	void start(const std::string &seg)
	{
		path = seg + TEXTS_FILE;
		f = fopen(path.c_str(), "wb");
		if (!f && errno == ENOMEM)
			throw std::bad_alloc();
		if (!f)
			throw Xapian::DatabaseError("cannot write " + path, errno);
	}
	void add(const char *s, size_t len)
	{
		if (fwrite(s, 1, len, f) != len || fputc('\0', f) == EOF)
			throw Xapian::DatabaseError("cannot write " + path, errno);
		off.push_back(off.back() + len + 1);
	}
	/* The offsets and the trailer, then to disk (unless sync is
	 * false: a scratch writer's). */
	void finish(bool sync = true)
	{
		uint64_t n = off.size() - 1;
		bool ok = fwrite(off.data(), 8, off.size(), f) == off.size() &&
		          fwrite(&n, 8, 1, f) == 1 &&
		          fwrite(TEXTS_MAGIC, 1, 8, f) == 8 && fflush(f) == 0 &&
		          (!sync || fsync(fileno(f)) == 0);
		ok = fclose(f) == 0 && ok;
		f = nullptr;
		if (!ok)
			throw Xapian::DatabaseError("cannot write " + path, errno);
	}
};

/* ---- own postings (postings.h) ---- */
struct poststore {
	lx_pstore *s = nullptr;
	poststore() = default;
	poststore(const poststore &) = delete;
	poststore &operator=(const poststore &) = delete;
	~poststore() { lx_pstore_close(s); }
};

static std::shared_ptr<poststore> posts_open(const std::string &seg,
                                             uint64_t docs)
{
	std::string p = seg + LX_POST_FILE;
	std::shared_ptr<poststore> t = std::make_shared<poststore>();
	int rc = docs > UINT32_MAX ? LX_ERR_DAMAGED
	                           : lx_pstore_open(&t->s, p.c_str(),
	                                            (uint32_t)docs);
	if (rc == LX_ERR_NOMEM)
		throw std::bad_alloc();
	if (rc == LX_ERR_NOT_FOUND)
		throw format_error(p + ": " + strerror(errno) +
		                   " (an index of an older lexcn: rebuild the "
		                   "index)");
	if (rc)
		throw format_error(p + ": the postings are damaged (rebuild "
		                       "the index)");
	return t;
}

static void posts_failed(int rc, const std::string &path)
{
	if (rc == LX_ERR_NOMEM)
		throw std::bad_alloc();
	if (rc == LX_ERR_WRITE)
		throw Xapian::DatabaseError("cannot write " + path, errno);
	if (rc == LX_ERR_DAMAGED)
		throw Xapian::DatabaseCorruptError(path + ": postings to merge "
		                                          "are damaged");
	if (rc)
		throw Xapian::DatabaseError(path + ": postings out of order");
}

/* A segment of a writer's index: an immutable database without termlist
 * (DIR/seg-N) and the documents of it that are masked (replaced or
 * deleted since it was written), by their numbers in it. */
struct segment {
	std::string name;
	Xapian::Database db;
	std::vector<Xapian::docid> mask; /* sorted, unique */
	Xapian::docid first = 1, last = 0; /* the numbers it uses */
	std::shared_ptr<textstore> texts; /* of documents 1 to last */
	std::shared_ptr<poststore> posts; /* none in an index of shards */
};

/* The own postings of a view's databases, by UUID (a posting source sees
 * one database at a time), and the UUID of a segment being written, whose
 * postings are not there yet. */
struct ownview {
	std::map<std::string, std::shared_ptr<poststore>> by_uuid;
	std::string unsealed;
};

/* BM25 as Xapian's BM25Weight computes it with its defaults (k1 1, b 0.5,
 * min_normlen 0.5; k2 0, k3 1 and a term given once in the query), so
 * that an own term weighs what it weighed as a Xapian term: tw is the
 * term weight (idf times k1 + 1), lenf one over the average length. */
static const double BM25_K1 = 1.0, BM25_B = 0.5, BM25_MIN_NORMLEN = 0.5;

static double bm25_termweight(double docs, double tf)
{
	double t = (docs - tf + 0.5) / (tf + 0.5);
	if (t < 2)
		t = t * 0.5 + 1;
	return log(t) * (BM25_K1 + 1);
}

static double bm25(double tw, double lenf, double wdf, double len)
{
	if (wdf == 0)
		return 0;
	double normlen = std::max(len * lenf, BM25_MIN_NORMLEN);
	return tw * wdf /
	       (BM25_K1 * (normlen * BM25_B + (1 - BM25_B)) + wdf);
}

/* The documents of an own term, one database of the view at a time
 * (Xapian clones a posting source for each): its segment's postings, or
 * Xapian's posting list where the database has none (a plain database),
 * weighted by BM25 of the wdf. */
class own_source : public Xapian::PostingSource {
	std::shared_ptr<const ownview> ov;
	std::string term;
	double tw, lenf;
	std::shared_ptr<poststore> st; /* of the database, or none */
	lx_pcur c{};
	Xapian::PostingIterator xit, xend;
	Xapian::doccount tf = 0;
	bool started = false, done = false;

	void check() const
	{
		if (c.bad)
			throw Xapian::DatabaseCorruptError(
				"the postings of a segment are damaged (rebuild "
				"the index)");
	}

    public:
	own_source(std::shared_ptr<const ownview> v, std::string t, double w,
	           double lf)
		: ov(std::move(v)), term(std::move(t)), tw(w), lenf(lf)
	{
		set_maxweight(tw);
	}
	own_source *clone() const override
	{
		return new own_source(ov, term, tw, lenf);
	}
	void init(const Xapian::Database &db) override
	{
		std::string uuid = db.get_uuid();
		if (!ov->unsealed.empty() && uuid == ov->unsealed)
			throw Xapian::InvalidOperationError(
				"a search for a character term while a segment is "
				"being written (commit first)");
		auto it = ov->by_uuid.find(uuid);
		st = it == ov->by_uuid.end() ? nullptr : it->second;
		started = done = false;
		if (st) {
			lx_pstore_find(st->s, term.data(), term.size(), &c);
			check();
			tf = c.count;
		} else {
			c = lx_pcur{};
			xit = db.postlist_begin(term);
			xend = db.postlist_end(term);
			tf = db.get_termfreq(term);
		}
	}
	Xapian::doccount get_termfreq_min() const override { return tf; }
	Xapian::doccount get_termfreq_est() const override { return tf; }
	Xapian::doccount get_termfreq_max() const override { return tf; }
	void next(double) override
	{
		if (st) {
			done = !lx_pcur_next(&c);
			check();
		} else {
			if (started)
				++xit;
			done = xit == xend;
		}
		started = true;
	}
	void skip_to(Xapian::docid did, double) override
	{
		if (st) {
			done = !lx_pcur_skip(&c, did);
			check();
		} else {
			xit.skip_to(did);
			done = xit == xend;
		}
		started = true;
	}
	bool at_end() const override { return tf == 0 || (started && done); }
	Xapian::docid get_docid() const override { return st ? c.doc : *xit; }
	double get_weight() const override
	{
		if (st)
			return bm25(tw, lenf, c.wdf,
			            lx_pstore_doclen(st->s, c.doc));
		return bm25(tw, lenf, xit.get_wdf(), xit.get_doclength());
	}
	std::string get_description() const override
	{
		return "lexcn postings " + term;
	}
};

/* The masks of a view's databases by their UUID, in their own numbers:
 * what a posting source sees, database by database. */
typedef std::map<std::string, std::vector<Xapian::docid>> masks_by_db;

struct lx_xdb {
	/* Reading: the view (meta, then every segment; or whatever a stub
	 * lists), and the documents of it that are masked, by their numbers
	 * in the view (sorted).  `leaves` is the number of databases in the
	 * view (Xapian numbers documents across them round robin). */
	std::unique_ptr<Xapian::Database> rdb;
	std::vector<Xapian::docid> masked;
	std::shared_ptr<masks_by_db> by_uuid; /* the same, by database */
	/* Where each index of the view keeps its metadata: the meta of a
	 * segmented one, else the database itself. */
	std::vector<Xapian::Database> metas;
	size_t leaves = 1;
	/* The text store of each database of the view, by its place (none
	 * for meta, a remote shard, a plain database, the segment being
	 * written); texts_all: every database that holds documents has one. */
	std::vector<std::shared_ptr<textstore>> stores;
	bool texts_all = false;
	std::shared_ptr<ownview> own; /* empty: no database has them */
	std::string path;
	/* Writing (a writer's handle): DIR/meta (metadata, and the lock),
	 * the segments listed, the segment being written (not listed until
	 * its commit) and the masks of that one. */
	std::string dir;
	std::unique_ptr<Xapian::WritableDatabase> meta;
	std::vector<segment> segs;
	std::unique_ptr<Xapian::WritableDatabase> cur;
	std::unique_ptr<textwriter> curtexts;
	std::unique_ptr<lx_pw, void (*)(lx_pw *)> curposts{nullptr, lx_pw_free};
	segment curseg;
	unsigned next_seg = 1;
	bool stale = true; /* the view must be rebuilt before reading */
	bool listing = false; /* masks or segments changed since the commit */
	bool broken = false;  /* a commit failed: nothing more is committed */
	bool termlist = false; /* segments keep a termlist (remote shards) */
	bool nosync = false;   /* a scratch writer (lx_xdb_open 3) */
	std::string error, metaval, docval, facets[LX_XDB_MAX_VALUES],
	            vals[LX_XDB_MAX_VALUES];
	/* The document members joined (d:KEY: its value), of this view:
	 * one per document, read once rather than once per hit (a server's
	 * search read them five times a query); cleared with the view and
	 * when a writer sets metadata, and when it grows over
	 * LX_XDB_FIELDS_KEPT. */
	std::unordered_map<std::string, std::string> fields;
	/* lx_xq_docs: the documents of term lists, by list, for this view
	 * (cleared when the view is rebuilt); no view with a remote shard
	 * uses them (a posting source does not travel). */
	std::map<std::string, std::shared_ptr<const masks_by_db>> docs;
	bool remote = false;
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
	} catch (const format_error &e) {
		db->error = e.what();
		return LX_ERR_DAMAGED;
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

/* ---- the segmented index ----
 *
 * A writer's index is a directory: DIR/meta, a database without
 * documents that holds the metadata and the writer's lock; DIR/seg-N,
 * databases of documents without termlist, each written once (one commit)
 * and never changed after; and the metadata keys "lexcn:segments" (the
 * segments, oldest first) and "lexcn:mask:seg-N" (the documents of seg-N
 * that were replaced or deleted since: they are skipped by every read).
 * A document is never changed in place: its new version goes into a new
 * segment and the old one is masked, which is what spares the termlist
 * (Xapian needs it only to change or delete a document).  Compaction
 * merges segments into one (masked documents stay in it, still masked).
 * DIR/XAPIANDB lists meta and the segments for Xapian's own tools. */

static const char SEGS_KEY[] = "lexcn:segments";
static const char MASK_KEY[] = "lexcn:mask:";
static const char TERMLIST_KEY[] = "lexcn:termlist";
/* Documents' members kept joined (lx_xdb.fields): a few MB at most. */
static const size_t LX_XDB_FIELDS_KEPT = 8192;

/* The stored form of a mask: "1-43 50 77-80". */
static std::string mask_encode(const std::vector<Xapian::docid> &m)
{
	std::string out;
	for (size_t i = 0; i < m.size();) {
		size_t j = i;
		while (j + 1 < m.size() && m[j + 1] == m[j] + 1)
			j++;
		if (!out.empty())
			out += ' ';
		out += std::to_string(m[i]);
		if (j > i)
			out += '-' + std::to_string(m[j]);
		i = j + 1;
	}
	return out;
}

/* Reads a mask of a segment whose numbers go up to `last` (a range beyond
 * it is damage, refused rather than expanded). */
static std::vector<Xapian::docid> mask_decode(const std::string &s,
                                              Xapian::docid last)
{
	std::vector<Xapian::docid> m;
	const char *p = s.c_str();
	while (*p == ' ')
		p++;
	while (*p) {
		char *e;
		unsigned long a = strtoul(p, &e, 10), b = a;
		if (e != p && *e == '-') {
			const char *q = e + 1;
			b = strtoul(q, &e, 10);
			if (e == q)
				b = 0;
		}
		if (e == p || a == 0 || b < a || b > last)
			throw format_error("a mask of the index is damaged "
			                   "(rebuild the index)");
		for (unsigned long d = a; d <= b; d++)
			m.push_back((Xapian::docid)d);
		p = e;
		while (*p == ' ')
			p++;
	}
	std::sort(m.begin(), m.end());
	m.erase(std::unique(m.begin(), m.end()), m.end());
	return m;
}

static bool is_dir(const std::string &p)
{
	struct stat st;
	return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/* A directory of the segmented form. */
static bool is_segmented(const std::string &dir)
{
	return is_dir(dir + "/meta");
}

/* The segments meta lists, their masks read, their databases opened. */
static std::vector<segment> listed(const std::string &dir,
                                   const Xapian::Database &meta)
{
	std::vector<segment> v;
	bool own = meta.get_metadata(TERMLIST_KEY).empty();
	std::istringstream in(meta.get_metadata(SEGS_KEY));
	std::string name;
	while (in >> name) {
		if (name.compare(0, 4, "seg-") || name.find('/') != std::string::npos)
			throw format_error(dir + ": the list of segments is "
			                         "damaged (rebuild the index)");
		segment sg;
		sg.name = name;
		sg.db = Xapian::Database(dir + "/" + name);
		sg.last = sg.db.get_lastdocid();
		Xapian::PostingIterator it = sg.db.postlist_begin("");
		sg.first = it != sg.db.postlist_end("") ? *it : 1;
		sg.mask = mask_decode(meta.get_metadata(MASK_KEY + name), sg.last);
		sg.texts = texts_open(dir + "/" + name, sg.last);
		if (own)
			sg.posts = posts_open(dir + "/" + name, sg.last);
		v.push_back(std::move(sg));
	}
	return v;
}

/* The masks of the databases of a view, by their place in it. */
struct leafmask {
	size_t leaf;
	std::vector<Xapian::docid> local;
	std::string uuid; /* of the segment's database */
};

/* What a view is being built of: its databases' number, masks, metadata
 * and text stores (one each, by place; none for meta, which holds no
 * documents), and whether every database with documents has a store. */
struct viewparts {
	size_t leaves = 0;
	std::vector<leafmask> lm;
	std::vector<Xapian::Database> metas;
	std::vector<std::shared_ptr<textstore>> stores;
	bool texts_all = true;
	std::shared_ptr<ownview> own = std::make_shared<ownview>();
	/* A database without a text store (a remote shard, a plain
	 * database). */
	void other(Xapian::Database &view, const Xapian::Database &one)
	{
		view.add_database(one);
		metas.push_back(one);
		stores.push_back(nullptr);
		texts_all = false;
		leaves++;
	}
};

/* Adds meta and the segments of a segmented directory to a view. */
static void add_segmented(Xapian::Database &view, const std::string &dir,
                          viewparts &vp)
{
	Xapian::Database meta(dir + "/meta");
	view.add_database(meta);
	vp.metas.push_back(meta);
	vp.stores.push_back(nullptr);
	vp.leaves++;
	std::vector<leafmask> &lm = vp.lm;
	size_t &leaves = vp.leaves;
	for (segment &sg : listed(dir, meta)) {
		view.add_database(sg.db);
		vp.stores.push_back(sg.texts);
		if (sg.posts)
			vp.own->by_uuid[sg.db.get_uuid()] = sg.posts;
		if (!sg.mask.empty())
			lm.push_back(leafmask{leaves, std::move(sg.mask),
			                      sg.db.get_uuid()});
		leaves++;
	}
}

/* The masked documents of a view by their numbers in it: Xapian deals the
 * numbers round robin, document k of database j of n being (k-1)n+j+1. */
static void set_masks(lx_xdb *db, size_t leaves,
                      const std::vector<leafmask> &lm)
{
	db->leaves = leaves ? leaves : 1;
	db->masked.clear();
	db->docs.clear();
	db->by_uuid = std::make_shared<masks_by_db>();
	for (const leafmask &m : lm)
		(*db->by_uuid)[m.uuid] = m.local;
	for (const leafmask &m : lm)
		for (Xapian::docid d : m.local)
			db->masked.push_back((Xapian::docid)((d - 1) * leaves +
			                                     m.leaf + 1));
	std::sort(db->masked.begin(), db->masked.end());
}

static bool is_masked(const lx_xdb *db, Xapian::docid d)
{
	return !db->masked.empty() &&
	       std::binary_search(db->masked.begin(), db->masked.end(), d);
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

/* A stub file: one shard per line, "auto PATH" (relative to the stub),
 * "remote tcp HOST PORT" or Xapian's own "remote HOST:PORT"; blank lines
 * and # comments are skipped.  Xapian opens stub files itself
 * (Xapian::Database(path)), but not this format: its reader (1.4) takes
 * "remote HOST:PORT" only and stops at "remote tcp HOST PORT" (the form
 * lexcn documents and tests/cli_test.sh uses) and at an indented comment
 * with "Bad line", and it sets no timeouts; nor does it look for
 * DIR/lexcn.stub.  Checked with xapian-delve on such stubs.  An "auto"
 * shard in the segmented form adds its meta and segments, with their
 * masks (a remote shard's masks are not read: compact it first). */
static void open_stub(Xapian::Database &view, const std::string &path,
                      viewparts &vp, int depth, bool &remote)
{
	std::ifstream in(path);
	if (!in)
		throw Xapian::DatabaseOpeningError("cannot read the stub " + path);
	if (depth > 4)
		throw Xapian::DatabaseOpeningError(path + ": stubs nested too "
		                                          "deep");
	std::string dir = path.substr(0, path.find_last_of('/') + 1), line;
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
			std::string p = a[0] == '/' ? a : dir + a;
			struct stat st;
			if (is_segmented(p))
				add_segmented(view, p, vp);
			else if (is_dir(p) &&
			         stat((p + "/lexcn.stub").c_str(), &st) == 0)
				open_stub(view, p + "/lexcn.stub", vp,
				          depth + 1, remote);
			else
				vp.other(view, Xapian::Database(p));
		} else if (kind == "remote" && a == "tcp" && !b.empty() &&
		           !c.empty()) {
			vp.other(view, Xapian::Remote::open(
				b, (unsigned)std::stoul(c), 10000, 10000));
			remote = true;
		} else if (kind == "remote" && a.find(':') != std::string::npos &&
		           b.empty()) {
			size_t colon = a.rfind(':');
			vp.other(view, Xapian::Remote::open(
				a.substr(0, colon),
				(unsigned)std::stoul(a.substr(colon + 1)), 10000,
				10000));
			remote = true;
		} else {
			throw Xapian::DatabaseOpeningError(
				where + "expected 'auto PATH' or 'remote tcp HOST "
				        "PORT'");
		}
		shards++;
	}
	if (!shards)
		throw Xapian::DatabaseOpeningError(path + ": no shard listed");
}

/* The view of a reader, from its path. */
static void open_view(lx_xdb *db)
{
	const std::string &p = db->path;
	std::unique_ptr<Xapian::Database> view(new Xapian::Database);
	viewparts vp;
	bool remote = false;
	struct stat st;
	std::string stub = p + "/lexcn.stub";
	if (stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode))
		open_stub(*view, p, vp, 0, remote);
	else if (is_segmented(p))
		add_segmented(*view, p, vp);
	else if (stat(stub.c_str(), &st) == 0)
		open_stub(*view, stub, vp, 0, remote);
	else if (stat(p.c_str(), &st) != 0)
		throw Xapian::DatabaseNotFoundError(p + ": no such index");
	else
		vp.other(*view, Xapian::Database(p));
	if (remote && !vp.own->by_uuid.empty())
		throw format_error(p + ": a view with a remote shard cannot "
		                       "hold an index without a termlist (index "
		                       "the local ones with --shards too)");
	set_masks(db, vp.leaves, vp.lm);
	db->metas = std::move(vp.metas);
	db->stores = std::move(vp.stores);
	db->texts_all = vp.texts_all;
	if (!vp.own->by_uuid.empty())
		db->own = std::move(vp.own);
	else
		db->own.reset();
	db->rdb = std::move(view);
	db->fields.clear();
	db->remote = remote;
}

/* The view of a writer: meta, the segments, the one being written. */
static Xapian::Database &view(lx_xdb *db)
{
	if (!db->meta || !db->stale)
		return *db->rdb;
	std::unique_ptr<Xapian::Database> v(new Xapian::Database);
	std::vector<leafmask> lm;
	v->add_database(*db->meta);
	db->stores.assign(1, nullptr);
	db->texts_all = !db->cur;
	std::shared_ptr<ownview> own = std::make_shared<ownview>();
	size_t leaves = 1;
	for (const segment &sg : db->segs) {
		v->add_database(sg.db);
		db->stores.push_back(sg.texts);
		if (sg.posts)
			own->by_uuid[sg.db.get_uuid()] = sg.posts;
		if (!sg.mask.empty())
			lm.push_back(leafmask{leaves, sg.mask, sg.db.get_uuid()});
		leaves++;
	}
	if (db->cur) {
		v->add_database(*db->cur);
		db->stores.push_back(nullptr); /* not written yet */
		if (db->curposts)
			own->unsealed = db->cur->get_uuid();
		if (!db->curseg.mask.empty())
			lm.push_back(leafmask{leaves, db->curseg.mask,
			                      db->cur->get_uuid()});
		leaves++;
	}
	set_masks(db, leaves, lm);
	if (!own->by_uuid.empty() || !own->unsealed.empty())
		db->own = std::move(own);
	else
		db->own.reset();
	db->rdb = std::move(v);
	db->stale = false;
	return *db->rdb;
}

/* DIR/XAPIANDB, for Xapian's tools (xapian-delve DIR, xapian-tcpsrv
 * DIR): meta and the segments.  Written after the commit of meta, which
 * is what lexcn reads. */
static void write_stub(lx_xdb *db)
{
	std::string p = db->dir + "/XAPIANDB", tmp = p + ".tmp";
	std::string text = "auto meta\n";
	for (const segment &sg : db->segs)
		text += "auto " + sg.name + "\n";
	FILE *f = fopen(tmp.c_str(), "w");
	if (!f && errno == ENOMEM)
		throw std::bad_alloc();
	bool ok = f && fwrite(text.data(), 1, text.size(), f) == text.size();
	ok = f && fclose(f) == 0 && ok;
	if (!ok || rename(tmp.c_str(), p.c_str()) != 0)
		throw Xapian::DatabaseError("cannot write " + p, errno);
}

/* What the segments and masks are now, into meta (committed with it). */
static void write_listing(lx_xdb *db)
{
	std::string names;
	for (const segment &sg : db->segs) {
		names += (names.empty() ? "" : " ") + sg.name;
		db->meta->set_metadata(MASK_KEY + sg.name, mask_encode(sg.mask));
	}
	db->meta->set_metadata(SEGS_KEY, names);
}

/* Masks every document indexed by `term` in the segment database d. */
static void mask_in(const Xapian::Database &d, const std::string &term,
                    std::vector<Xapian::docid> &mask)
{
	std::vector<Xapian::docid> add;
	for (auto it = d.postlist_begin(term); it != d.postlist_end(term); ++it)
		add.push_back(*it);
	if (add.empty())
		return;
	std::vector<Xapian::docid> m;
	m.reserve(mask.size() + add.size());
	std::set_union(mask.begin(), mask.end(), add.begin(), add.end(),
	               std::back_inserter(m));
	mask.swap(m);
}

static bool mask_term(lx_xdb *db, const std::string &term)
{
	bool any = false;
	for (segment &sg : db->segs) {
		size_t n = sg.mask.size();
		mask_in(sg.db, term, sg.mask);
		any = any || sg.mask.size() != n;
	}
	if (db->cur) {
		size_t n = db->curseg.mask.size();
		mask_in(*db->cur, term, db->curseg.mask);
		any = any || db->curseg.mask.size() != n;
	}
	if (any)
		db->listing = db->stale = true;
	return any;
}

static unsigned seg_number(const std::string &name)
{
	return name.compare(0, 4, "seg-") ? 0
	                                  : (unsigned)strtoul(name.c_str() + 4,
	                                                      nullptr, 10);
}

/* Opens the writer of a segmented directory (created when missing): the
 * lock (meta), the segments; what a killed run left (segments not listed,
 * a compaction's output) goes. */
static void open_writer(lx_xdb *db, const std::string &dir, bool termlist,
                        bool nosync)
{
	db->nosync = nosync;
	struct stat st;
	if (stat((dir + "/iamglass").c_str(), &st) == 0 ||
	    stat((dir + "/iamchert").c_str(), &st) == 0)
		throw format_error(dir + ": the index was built by an older "
		                         "lexcn (one database, without "
		                         "segments): rebuild the index (remove "
		                         "it, then lexcn index again)");
	if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
		throw Xapian::DatabaseCreateError("cannot create " + dir, errno);
	db->dir = dir;
	db->meta.reset(new Xapian::WritableDatabase(
		dir + "/meta", Xapian::DB_CREATE_OR_OPEN |
		                       (nosync ? Xapian::DB_NO_SYNC : 0)));
	/* Metadata changes wait in a transaction for lx_xdb_commit: a
	 * writer closed after a failed commit (or never committed) leaves
	 * nothing of them, where Xapian would commit them. */
	db->meta->begin_transaction(true);
	/* Xapian's remote server needs a termlist to send hits: an index
	 * asked to keep one (lexcn index --shards) always does. */
	if (termlist && db->meta->get_metadata(TERMLIST_KEY).empty())
		db->meta->set_metadata(TERMLIST_KEY, "1");
	db->termlist = !db->meta->get_metadata(TERMLIST_KEY).empty();
	db->segs = listed(dir, *db->meta);
	for (const segment &sg : db->segs)
		db->next_seg = std::max(db->next_seg, seg_number(sg.name) + 1);
	/* With the lock: leftovers of a killed run. */
	std::unique_ptr<DIR, int (*)(DIR *)> d(opendir(dir.c_str()), closedir);
	if (!d && errno == ENOMEM)
		throw std::bad_alloc();
	if (!d)
		throw Xapian::DatabaseOpeningError("cannot read " + dir, errno);
	std::vector<std::string> gone;
	for (struct dirent *e; (e = readdir(d.get()));) {
		std::string n = e->d_name;
		if (n.compare(0, 4, "seg-"))
			continue;
		bool known = false;
		for (const segment &sg : db->segs)
			known = known || sg.name == n;
		if (!known)
			gone.push_back(n);
	}
	for (const std::string &n : gone)
		if (remove_tree(dir + "/" + n))
			throw Xapian::DatabaseError("cannot remove " + dir + "/" + n);
	write_stub(db);
	db->stale = true;
}

/* Commits the segment being written and lists it. */
static void seal(lx_xdb *db)
{
	if (!db->cur)
		return;
	/* The texts and postings first: a segment committed has them. */
	db->curtexts->finish(!db->nosync);
	db->curtexts.reset();
	if (db->curposts) {
		std::string pp = db->dir + "/" + db->curseg.name + LX_POST_FILE;
		int rc = lx_pw_write(db->curposts.get(), pp.c_str(),
		                     db->curseg.last, !db->nosync);
		posts_failed(rc, pp);
		db->curposts.reset();
	}
	db->cur->commit();
	db->cur->close();
	db->cur.reset();
	segment sg = std::move(db->curseg);
	db->curseg = segment();
	sg.db = Xapian::Database(db->dir + "/" + sg.name);
	sg.first = 1;
	sg.last = sg.db.get_lastdocid();
	sg.texts = texts_open(db->dir + "/" + sg.name, sg.last);
	if (!db->termlist)
		sg.posts = posts_open(db->dir + "/" + sg.name, sg.last);
	db->segs.push_back(std::move(sg));
	db->listing = db->stale = true;
}

static void commit_all(lx_xdb *db)
{
	if (!db->meta)
		return;
	if (db->broken)
		throw Xapian::DatabaseError("an earlier commit failed: nothing "
		                            "more is committed");
	try {
		seal(db);
		bool listing = db->listing;
		if (listing)
			write_listing(db);
		db->meta->commit_transaction();
		db->meta->begin_transaction(true);
		if (listing)
			write_stub(db);
		db->listing = false;
	} catch (...) {
		db->broken = true;
		throw;
	}
}

extern "C" int lx_xdb_reopen(lx_xdb *db)
{
	try {
		if (db->meta)
			return 0; /* a writer sees its own state */
		open_view(db);
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
		db->path = path;
		if (writable) {
			open_writer(db, path, writable == 2, writable == 3);
		} else {
			/* A writer may remove a segment between the reading
			 * of the list and its opening: read again. */
			for (int attempt = 0;; attempt++) {
				try {
					open_view(db);
					break;
				} catch (const Xapian::DatabaseOpeningError &) {
					if (attempt == 3 || !is_segmented(path))
						throw;
				}
			}
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
		if (db->meta && !db->broken)
			commit_all(db);
	} catch (...) {
	}
	try {
		if (db->meta) {
			db->meta->cancel_transaction();
			db->meta->close();
		}
	} catch (...) {
	}
	try {
		db->cur.reset(); /* not listed: the next writer removes it */
		db->curtexts.reset();
		db->curposts.reset();
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
 * surfaces at lx_xdb_add, which rebuilds nothing and reports. */
void lx_xdoc_term(lx_xdoc *d, const char *term, size_t len, unsigned pos)
{
	if (!pos) {
		lx_xdoc_term_wdf(d, term, len, 0);
		return;
	}
	try {
		d->doc.add_posting(std::string(term, len), pos, 0);
		d->positional = d->positional || is_own(term, len);
	} catch (...) {
		d->failed = true;
	}
}

void lx_xdoc_term_wdf(lx_xdoc *d, const char *term, size_t len, unsigned wdf)
{
	try {
		d->length += wdf;
		if (is_own(term, len)) {
			d->own.push_back(ownterm{d->ownbytes.size(), len, wdf});
			d->ownbytes.append(term, len);
		} else {
			d->doc.add_term(std::string(term, len), wdf);
		}
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

void lx_xdoc_text(lx_xdoc *d, const char *text, size_t len)
{
	try {
		d->text.assign(text, len);
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

static void need_writer(lx_xdb *db)
{
	if (!db->meta)
		throw Xapian::InvalidOperationError("read-only database");
}

int lx_xdb_add(lx_xdb *db, lx_xdoc *d)
{
	try {
		need_writer(db);
		if (d->failed)
			throw std::bad_alloc();
		if (!db->cur) {
			segment sg;
			sg.name = "seg-" + std::to_string(db->next_seg++);
			std::string p = db->dir + "/" + sg.name;
			if (remove_tree(p))
				throw Xapian::DatabaseError("cannot remove " + p);
			std::unique_ptr<Xapian::WritableDatabase> w(
				new Xapian::WritableDatabase(
					p, Xapian::DB_CREATE |
					           (db->nosync ? Xapian::DB_NO_SYNC : 0) |
					           (db->termlist
					                    ? 0
					                    : Xapian::DB_NO_TERMLIST)));
			std::unique_ptr<textwriter> tw(new textwriter);
			tw->start(p);
			lx_pw *pw = nullptr;
			if (!db->termlist && !(pw = lx_pw_new()))
				throw std::bad_alloc();
			/* All or none. */
			db->cur = std::move(w);
			db->curtexts = std::move(tw);
			db->curposts.reset(pw);
			db->curseg = std::move(sg);
		}
		/* The own terms: to Xapian in an index of shards (its remote
		 * server reads nothing else), else to the segment's postings,
		 * their counts to Xapian as the length term's. */
		unsigned long long ownlen = 0;
		for (const ownterm &t : d->own) {
			if (db->termlist)
				d->doc.add_term(d->ownbytes.substr(t.off, t.len),
				                t.wdf);
			ownlen += t.wdf;
		}
		if (!db->termlist) {
			if (d->positional)
				throw Xapian::InvalidOperationError(
					"positions of character terms need an "
					"index of shards");
			if (ownlen)
				d->doc.add_term(LENGTH_TERM,
				                (Xapian::termcount)ownlen);
		}
		Xapian::docid id = db->cur->add_document(d->doc);
		if (id != db->curtexts->off.size())
			throw Xapian::DatabaseError("a new segment numbered a "
			                            "document out of order");
		db->curtexts->add(d->text.data(), d->text.size());
		if (db->curposts) {
			int rc = LX_OK;
			for (size_t k = 0; rc == LX_OK && k < d->own.size(); k++)
				rc = lx_pw_add(db->curposts.get(), id,
				               d->ownbytes.data() + d->own[k].off,
				               d->own[k].len, d->own[k].wdf);
			if (rc == LX_OK)
				rc = lx_pw_doclen(db->curposts.get(), id,
				                  d->length > UINT32_MAX
				                          ? UINT32_MAX
				                          : (uint32_t)d->length);
			if (rc) {
				/* The document is in Xapian, not all of it in the
				 * postings: nothing more is committed. */
				db->broken = true;
				throw std::bad_alloc();
			}
		}
		db->curseg.last = id;
		db->stale = true;
		return 0;
	} catch (...) {
		return fail(db);
	}
}

int lx_xdb_delete(lx_xdb *db, const char *term)
{
	try {
		need_writer(db);
		mask_term(db, term);
		return 0;
	} catch (...) {
		return fail(db);
	}
}

int lx_xdb_commit(lx_xdb *db)
{
	try {
		commit_all(db);
		return 0;
	} catch (...) {
		return fail(db);
	}
}

int lx_xdb_set_meta(lx_xdb *db, const char *key, const char *value)
{
	try {
		need_writer(db);
		db->meta->set_metadata(key, value);
		db->fields.clear(); /* d: keys are joined from here too */
		return 0;
	} catch (...) {
		return fail(db);
	}
}

const char *lx_xdb_get_meta(lx_xdb *db, const char *key)
{
	try {
		db->metaval = db->meta ? db->meta->get_metadata(key)
		                       : db->rdb->get_metadata(key);
		return db->metaval.c_str();
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

const char *lx_xdb_get_meta_all(lx_xdb *db, const char *key)
{
	try {
		if (db->meta)
			db->metaval = db->meta->get_metadata(key);
		else {
			db->metaval.clear();
			for (const Xapian::Database &m : db->metas)
				db->metaval += m.get_metadata(key);
		}
		return db->metaval.c_str();
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

int lx_xdb_meta_keys(lx_xdb *db, const char *prefix,
                     void (*fn)(void *ctx, const char *key), void *ctx)
{
	try {
		const Xapian::Database &m = db->meta ? *db->meta : *db->rdb;
		for (auto it = m.metadata_keys_begin(prefix);
		     it != m.metadata_keys_end(prefix); ++it)
			fn(ctx, (*it).c_str());
		return 0;
	} catch (...) {
		return fail(db);
	}
}

/* A unit's stored data with its document's members: {"@":"KEY",REST
 * is {FIELDS,REST where FIELDS is the metadata d:KEY (lx_xapian.h).  The
 * last members found are kept: the units of a file come together. */
static std::string joined(lx_xdb *db, std::string data)
{
	static const char mark[] = "{\"@\":\"";
	const size_t ml = sizeof(mark) - 1;
	if (data.compare(0, ml, mark) != 0)
		return data;
	size_t e = data.find('"', ml);
	if (e == std::string::npos || e + 1 >= data.size())
		throw Xapian::DatabaseCorruptError("a stored unit is cut short");
	std::string key = "d:" + data.substr(ml, e - ml);
	auto at = db->fields.find(key);
	if (at == db->fields.end()) {
		std::string v;
		if (db->meta)
			v = db->meta->get_metadata(key);
		else
			for (const Xapian::Database &m : db->metas)
				if (!(v = m.get_metadata(key)).empty())
					break;
		if (v.empty())
			throw Xapian::DatabaseCorruptError(
				"the document of a stored unit is missing (" + key +
				"): rebuild the index");
		if (db->fields.size() >= LX_XDB_FIELDS_KEPT)
			db->fields.clear();
		at = db->fields.emplace(std::move(key), std::move(v)).first;
	}
	const std::string &fv = at->second;
	std::string out;
	out.reserve(fv.size() + data.size());
	out += '{';
	out += fv;
	out.append(data, e + 1, std::string::npos); /* ",REST" or "}" */
	return out;
}

const char *lx_xdb_joined(lx_xdb *db, const char *data, size_t *len)
{
	try {
		db->metaval = joined(db, std::string(data, *len));
		*len = db->metaval.size();
		return db->metaval.c_str();
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

int lx_xdb_each(lx_xdb *db, const char *term,
                int (*fn)(void *ctx, const char *data, size_t len), void *ctx)
{
	try {
		Xapian::Database &v = view(db);
		std::string t = term ? term : "";
		/* In the order they were added: database by database (the
		 * view deals its numbers round robin). */
		std::vector<Xapian::docid> ids;
		for (auto it = v.postlist_begin(t); it != v.postlist_end(t); ++it)
			if (!is_masked(db, *it))
				ids.push_back(*it);
		size_t n = db->leaves;
		std::stable_sort(ids.begin(), ids.end(),
		                 [n](Xapian::docid a, Xapian::docid b) {
			                 return (a - 1) % n != (b - 1) % n
			                                ? (a - 1) % n < (b - 1) % n
			                                : a < b;
		                 });
		for (Xapian::docid id : ids) {
			std::string d = joined(db, v.get_document(id).get_data());
			int r = fn(ctx, d.data(), d.size());
			if (r)
				return r;
		}
		return 0;
	} catch (...) {
		return fail(db);
	}
}

/* Segments of other writers' directories join this one's. */
static void adopt(lx_xdb *db, const std::string &dir,
                  std::vector<std::pair<std::string, segment>> &src)
{
	Xapian::Database m(dir + "/meta");
	for (auto it = m.metadata_keys_begin(); it != m.metadata_keys_end();
	     ++it) {
		const std::string &k = *it;
		if (k == SEGS_KEY || !k.compare(0, strlen(MASK_KEY), MASK_KEY))
			continue;
		db->meta->set_metadata(k, m.get_metadata(k));
	}
	db->fields.clear();
	for (segment &sg : listed(dir, m))
		src.emplace_back(dir + "/" + sg.name, std::move(sg));
}

int lx_xdb_compact(lx_xdb *db, const char *const *extra, int all)
{
	try {
		need_writer(db);
		seal(db);
		/* What merges: everything when asked (or with other writers'
		 * work), else the newer segments when the oldest outweighs
		 * them ten times (an incremental run does not rewrite the
		 * bulk), else everything. */
		size_t from = 0;
		std::vector<std::pair<std::string, segment>> src;
		if (!all && !(extra && extra[0]) && db->segs.size() > 1) {
			Xapian::doccount head = db->segs[0].db.get_doccount(), rest = 0;
			for (size_t i = 1; i < db->segs.size(); i++)
				rest += db->segs[i].db.get_doccount();
			if (head >= 10 * rest)
				from = 1;
		}
		for (size_t i = from; i < db->segs.size(); i++)
			src.emplace_back(db->dir + "/" + db->segs[i].name,
			                 db->segs[i]);
		std::vector<std::string> extras;
		for (size_t i = 0; extra && extra[i]; i++) {
			adopt(db, extra[i], src);
			extras.push_back(extra[i]);
		}
		if (src.size() >= 2 || (src.size() == 1 && !extras.empty())) {
			segment out;
			out.name = "seg-" + std::to_string(db->next_seg++);
			std::string p = db->dir + "/" + out.name;
			if (remove_tree(p))
				throw Xapian::DatabaseError("cannot remove " + p);
			Xapian::Database rd;
			for (auto &s : src)
				rd.add_database(s.second.db);
			/* Merged databases number their documents one after the
			 * other, each from its first number: the masks follow. */
			rd.compact(p, 0);
			/* The texts, numbered as the documents are; the pages
			 * of a source read let go as it goes (read through the
			 * mapping, they would stay resident: 41 MB for the
			 * corpus). */
			textwriter tw;
			tw.start(p);
			long pg = sysconf(_SC_PAGESIZE);
			uintptr_t page = pg > 0 ? (uintptr_t)pg : 4096;
			for (auto &s : src) {
				const textstore &ts = *s.second.texts;
				uintptr_t base = (uintptr_t)ts.map, dropped = base;
				for (Xapian::docid d = s.second.first;
				     d <= s.second.last; d++) {
					size_t tl;
					const char *t = store_text(ts, d, &tl);
					tw.add(t, tl);
					uintptr_t upto = (uintptr_t)t / page * page;
					if (upto >= dropped + (1u << 20)) {
						madvise((void *)dropped, upto - dropped,
						        MADV_DONTNEED);
						dropped = upto;
					}
				}
				madvise((void *)base, ts.size, MADV_DONTNEED);
			}
			tw.finish();
			/* The postings, numbered the same way. */
			for (auto &s : src)
				if (db->termlist && s.second.posts)
					throw format_error(s.first + ": segments with "
					                   "and without a termlist "
					                   "cannot merge");
			if (!db->termlist) {
				std::vector<lx_pstore *> ps;
				std::vector<int64_t> shift;
				Xapian::docid at = 0;
				for (auto &s : src) {
					if (!s.second.posts)
						throw format_error(s.first + ": no postings "
						                   "(rebuild the index)");
					ps.push_back(s.second.posts->s);
					shift.push_back((int64_t)at -
					                (int64_t)s.second.first + 1);
					at += s.second.last - s.second.first + 1;
				}
				std::string pp = p + LX_POST_FILE;
				posts_failed(lx_pstore_merge(ps.data(), shift.data(),
				                             ps.size(), pp.c_str(),
				                             !db->nosync),
				             pp);
			}
			Xapian::docid offset = 0;
			for (auto &s : src) {
				for (Xapian::docid d : s.second.mask)
					out.mask.push_back(d - s.second.first + 1 +
					                   offset);
				offset += s.second.last - s.second.first + 1;
			}
			out.db = Xapian::Database(p);
			out.first = 1;
			out.last = out.db.get_lastdocid();
			out.texts = texts_open(p, out.last);
			if (!db->termlist)
				out.posts = posts_open(p, out.last);
			if (out.last != offset)
				throw Xapian::DatabaseError(
					"compaction numbered " +
					std::to_string(out.last) + " documents, not " +
					std::to_string(offset));
			std::vector<std::string> old;
			for (size_t i = from; i < db->segs.size(); i++) {
				old.push_back(db->segs[i].name);
				db->meta->set_metadata(MASK_KEY + db->segs[i].name, "");
			}
			db->segs.resize(from);
			db->segs.push_back(std::move(out));
			db->listing = db->stale = true;
			commit_all(db);
			for (const std::string &n : old)
				if (remove_tree(db->dir + "/" + n))
					throw Xapian::DatabaseError("cannot remove " +
					                            db->dir + "/" + n);
		} else {
			commit_all(db);
		}
		for (const std::string &e : extras)
			if (remove_tree(e))
				throw Xapian::DatabaseError("cannot remove " + e);
		return 0;
	} catch (...) {
		return fail(db);
	}
}

/* The documents of an own term in the view's own postings (less the
 * masked ones: the caller's AND_NOT, as for every query), and in
 * Xapian's lists of the databases without postings; the masked ones
 * with it when `masked` (what BM25's statistics count, as Xapian's). */
static Xapian::doccount own_termfreq(lx_xdb *db, const std::string &term,
                                     bool masked)
{
	Xapian::doccount n = 0;
	for (const auto &kv : db->own->by_uuid) {
		lx_pcur c;
		lx_pstore_find(kv.second->s, term.data(), term.size(), &c);
		if (c.bad)
			throw Xapian::DatabaseCorruptError(
				"the postings of a segment are damaged (rebuild "
				"the index)");
		n += c.count;
		auto m = db->by_uuid->find(kv.first);
		if (masked || m == db->by_uuid->end() || !c.count)
			continue;
		for (Xapian::docid d : m->second)
			if (lx_pcur_skip(&c, d) && c.doc == d)
				n--;
		if (c.bad)
			throw Xapian::DatabaseCorruptError(
				"the postings of a segment are damaged (rebuild "
				"the index)");
	}
	return n;
}

long lx_xdb_termfreq(lx_xdb *db, const char *term)
{
	try {
		Xapian::Database &v = view(db);
		long n = (long)v.get_termfreq(term);
		long own = db->own && is_own(term, strlen(term))
		                   ? (long)own_termfreq(db, term, false)
		                   : 0;
		if (db->masked.empty() || n == 0)
			return n + own;
		/* Less the masked documents that have the term: through the
		 * shorter of the two lists. */
		Xapian::PostingIterator it = v.postlist_begin(term);
		if ((size_t)n <= db->masked.size()) {
			long live = n;
			for (; it != v.postlist_end(term); ++it)
				live -= is_masked(db, *it);
			return live + own;
		}
		for (Xapian::docid d : db->masked) {
			if (it == v.postlist_end(term))
				break;
			it.skip_to(d);
			if (it != v.postlist_end(term) && *it == d)
				n--;
		}
		return n + own;
	} catch (...) {
		return fail(db);
	}
}

long lx_xdb_doccount(lx_xdb *db)
{
	try {
		Xapian::Database &v = view(db);
		return (long)v.get_doccount() - (long)db->masked.size();
	} catch (...) {
		return fail(db);
	}
}

long lx_xdb_masked(lx_xdb *db)
{
	try {
		view(db);
		return (long)db->masked.size();
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
		Xapian::Database &v = view(db);
		if (db->own && is_own(term, strlen(term))) {
			/* Xapian's list is empty where a segment has postings. */
			double docs = v.get_doccount();
			double tf = v.get_termfreq(term) +
			            own_termfreq(db, term, true);
			double av = v.get_avlength();
			own_source *src = new own_source(
				db->own, term, bm25_termweight(docs, tf),
				av > 0 ? 1 / av : 0);
			return node(db, Xapian::Query(src->release()));
		}
		return node(db, Xapian::Query(term));
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

static Xapian::Query docs_query(std::shared_ptr<const masks_by_db> m);

lx_xq *lx_xq_docs(lx_xdb *db, const char *list)
{
	try {
		Xapian::Database &v = view(db);
		bool local = !db->remote;
		auto hit = local ? db->docs.find(list) : db->docs.end();
		if (hit != db->docs.end())
			return node(db, docs_query(hit->second));
		std::vector<std::string> terms;
		for (const char *p = list; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			if (n)
				terms.emplace_back(p, n);
			p += n + (nl != nullptr);
		}
		std::string uuids = v.get_uuid();
		size_t parts = uuids.empty() ? 0 : 1;
		for (char c : uuids)
			parts += c == ':';
		if (!local || parts != db->leaves) {
			/* The OR of the terms, as Xapian runs it anywhere. */
			std::vector<Xapian::Query> qs(terms.begin(), terms.end());
			return node(db, Xapian::Query(Xapian::Query::OP_OR,
			                              qs.begin(), qs.end()));
		}
		/* Each database's own numbers, by its UUID (view
		 * number d is number (d-1)/n+1 of database (d-1)%n). */
		std::vector<std::string> leaf;
		size_t at = 0;
		for (size_t k = 0; k < parts; k++) {
			size_t e = uuids.find(':', at);
			leaf.push_back(uuids.substr(at, e - at));
			at = e == std::string::npos ? e : e + 1;
		}
		auto m = std::make_shared<masks_by_db>();
		size_t n = db->leaves;
		for (const std::string &t : terms)
			for (auto it = v.postlist_begin(t);
			     it != v.postlist_end(t); ++it)
				(*m)[leaf[(*it - 1) % n]].push_back(
					(Xapian::docid)((*it - 1) / n + 1));
		for (auto &kv : *m) {
			std::sort(kv.second.begin(), kv.second.end());
			kv.second.erase(std::unique(kv.second.begin(),
			                            kv.second.end()),
			                kv.second.end());
		}
		if (db->docs.size() >= 16)
			db->docs.clear();
		hit = db->docs.emplace(list, std::move(m)).first;
		return node(db, docs_query(hit->second));
	} catch (...) {
		fail(db);
		return nullptr;
	}
}

lx_xq *lx_xq_phrase(lx_xdb *db, const char *const *terms, size_t n)
{
	try {
		if (n == 1)
			return lx_xq_term(db, terms[0]);
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

/* The masked documents of a view, as a posting list: a query AND_NOT
 * this one skips them, and every count stays exact.  Xapian runs a posting
 * source on each database of a view apart (a clone each, in the numbers
 * of that database), which it tells by its UUID. */
class masked_source : public Xapian::PostingSource {
	std::shared_ptr<const masks_by_db> all;
	const std::vector<Xapian::docid> *ids = nullptr;
	size_t i = 0;
	bool started = false;

    public:
	explicit masked_source(std::shared_ptr<const masks_by_db> m)
		: all(std::move(m))
	{
		set_maxweight(0);
	}
	masked_source *clone() const override
	{
		return new masked_source(all);
	}
	void init(const Xapian::Database &db) override
	{
		auto it = all->find(db.get_uuid());
		ids = it == all->end() ? nullptr : &it->second;
		i = 0;
		started = false;
	}
	Xapian::doccount get_termfreq_min() const override
	{
		return ids ? (Xapian::doccount)ids->size() : 0;
	}
	Xapian::doccount get_termfreq_est() const override
	{
		return get_termfreq_min();
	}
	Xapian::doccount get_termfreq_max() const override
	{
		return get_termfreq_min();
	}
	void next(double) override
	{
		if (started)
			i++;
		started = true;
	}
	void skip_to(Xapian::docid did, double) override
	{
		started = true;
		if (ids)
			i = (size_t)(std::lower_bound(ids->begin() + (long)i,
			                              ids->end(), did) -
			             ids->begin());
	}
	bool at_end() const override
	{
		return !ids || (started && i >= ids->size());
	}
	Xapian::docid get_docid() const override
	{
		return (*ids)[i];
	}
	std::string get_description() const override
	{
		return "lexcn masked documents";
	}
};

static Xapian::Query docs_query(std::shared_ptr<const masks_by_db> m)
{
	return Xapian::Query((new masked_source(std::move(m)))->release());
}

static int search_once(lx_xdb *db, lx_xq *q, const lx_xsearch *how,
                       lx_xresult *out)
{
	try {
		Xapian::Enquire enq(view(db));
		if (db->masked.empty())
			enq.set_query(q->q);
		else
			enq.set_query(Xapian::Query(
				Xapian::Query::OP_AND_NOT, q->q,
				Xapian::Query((new masked_source(db->by_uuid))
				                      ->release())));
		if (how->limit == 0 || how->ids_only) /* no weights needed */
			enq.set_weighting_scheme(Xapian::BoolWeight());
		else if (how->sort_slot >= 0)
			enq.set_sort_by_value_then_relevance(
				(Xapian::valueno)how->sort_slot,
				how->sort_descending != 0);
		Xapian::ValueCountMatchSpy *spy[LX_XDB_MAX_VALUES] = {nullptr};
		int nspy = how->n_facets < LX_XDB_MAX_VALUES ? how->n_facets
		                                             : LX_XDB_MAX_VALUES;
		for (int k = 0; k < nspy; k++) {
			spy[k] = new Xapian::ValueCountMatchSpy(
				(Xapian::valueno)how->facet_slot[k]);
			enq.add_matchspy(spy[k]->release());
		}
		Xapian::doccount total = db->rdb->get_doccount();
		/* Checking every match makes the estimate the exact count. */
		Xapian::MSet ms = enq.get_mset((Xapian::doccount)how->first,
		                               (Xapian::doccount)how->limit,
		                               how->exact || nspy > 0
		                                       ? total
		                                       : 0);
		out->count = (long)ms.get_matches_estimated();
		db->data.clear();
		db->hits.clear();
		for (auto it = ms.begin(); it != ms.end(); ++it)
			db->data.push_back(how->ids_only || how->no_data
			                   ? std::string()
			                   : how->raw ? it.get_document().get_data()
			                   : joined(db, it.get_document().get_data()));
		size_t i = 0;
		for (auto it = ms.begin(); it != ms.end(); ++it, ++i)
			db->hits.push_back(lx_xhit{it.get_weight(),
			                           db->data[i].c_str(),
			                           db->data[i].size(),
			                           (unsigned)*it});
		out->hits = db->hits.data();
		out->n_hits = db->hits.size();
		for (int k = 0; k < LX_XDB_MAX_VALUES; k++) {
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

int lx_xdb_has_texts(lx_xdb *db)
{
	try {
		view(db);
		return db->texts_all;
	} catch (...) {
		return fail(db);
	}
}

/* The store of document docid of the view and its number there (*k),
 * or NULL when the view has no store for it. */
static const textstore *store_for(const lx_xdb *db, unsigned docid,
                                  uint64_t *k)
{
	if (!docid)
		return nullptr;
	size_t leaf = (docid - 1) % db->leaves;
	*k = (docid - 1) / db->leaves + 1;
	if (leaf >= db->stores.size() || !db->stores[leaf] ||
	    *k > db->stores[leaf]->n)
		return nullptr;
	return db->stores[leaf].get();
}

int lx_xdb_text(lx_xdb *db, unsigned docid, const char **text, size_t *len)
{
	*text = nullptr;
	*len = 0;
	try {
		view(db);
		uint64_t k;
		const textstore *t = store_for(db, docid, &k);
		if (t)
			*text = store_text(*t, k, len);
		return 0;
	} catch (...) {
		*text = nullptr;
		return fail(db);
	}
}

int lx_xdb_text_at(const lx_xdb *db, unsigned docid, const char **text,
                   size_t *len)
{
	*text = nullptr;
	*len = 0;
	if (db->meta && db->stale) /* view() would rebuild: not here */
		return LX_ERR_INDEX;
	uint64_t k;
	const textstore *t = store_for(db, docid, &k);
	try {
		if (t)
			*text = store_text(*t, k, len);
		return 0;
	} catch (...) {
		*text = nullptr;
		*len = 0;
		return LX_ERR_DAMAGED; /* no message: lx_xdb_text gives it */
	}
}

/* Asks the processor for the start and the end of a text that
 * lx_xdb_text will soon be asked for: checking candidates in the store is
 * bound by the latency of memory (a text is ~400 bytes of a store of tens
 * of MB), not by the comparing; touched ahead, the misses overlap.  Only a
 * hint: nothing when the view or the store is not there yet. */
void lx_xdb_text_prefetch(lx_xdb *db, unsigned docid)
{
	if (db->meta && db->stale) /* view() would rebuild */
		return;
	uint64_t k;
	const textstore *t = store_for(db, docid, &k);
	if (!t)
		return;
	uint64_t a = t->at(k - 1), b = t->at(k);
	if (a < b && b <= t->at(t->n)) {
		__builtin_prefetch(t->body + a);
		__builtin_prefetch(t->body + b - 1);
	}
}

const char *lx_xdb_data(lx_xdb *db, unsigned docid, int raw, size_t *len)
{
	try {
		std::string d = view(db).get_document(docid).get_data();
		db->docval = raw ? std::move(d) : joined(db, std::move(d));
		*len = db->docval.size();
		return db->docval.c_str();
	} catch (...) {
		fail(db);
		*len = 0;
		return nullptr;
	}
}

int lx_xdb_values(lx_xdb *db, unsigned docid, const unsigned *slots,
                  size_t n, const char **out)
{
	try {
		Xapian::Document d =
			view(db).get_document(docid, Xapian::DOC_ASSUME_VALID);
		for (size_t k = 0; k < n && k < LX_XDB_MAX_VALUES; k++) {
			db->vals[k] = d.get_value(slots[k]);
			out[k] = db->vals[k].c_str();
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
		Xapian::Database &v = view(db);
		for (auto it = v.allterms_begin(prefix);
		     it != v.allterms_end(prefix); ++it) {
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
