/*
 * test_meta.c: header and history reading (every history form of city and
 * provincial regulations), issuer, version and effective date of a
 * version; statuses derived from a set as of a date; repeals of an earlier
 * version of the same title.  Small documents in the forms of the
 * lawrefbook corpus (浙江地方法规, 广东地方法规).
 */
#include "lxtest.h"

static void event(const lx_event *e, const char *date, const char *action,
                  const char *by)
{
	if (date)
		assert_string_equal(e->date, date);
	else
		assert_null(e->date);
	assert_string_equal(e->action, action);
	if (by)
		assert_string_equal(e->by, by);
	else
		assert_null(e->by);
}

/* A city regulation amended and revised many times, approved by the
 * province each time, in every form of the corpus. */
static const char CITY[] =
	"# 杭州市示例管理条例\n\n"
	"1998年8月22日 杭州市第九届人民代表大会常务委员会第十三次会议通过\n\n"
	"1998年10月24日 浙江省第九届人民代表大会常务委员会第八次会议批准\n\n"
	"2001年12月28日 浙江省第九届人民代表大会常务委员会第三十次会议批准的"
	"《杭州市人民代表大会常务委员会关于修改〈杭州市示例管理条例〉的决定》"
	"第一次修正\n\n"
	"2010年7月30日 杭州市第十一届人民代表大会常务委员会第二十次会议通过并经"
	"浙江省第十一届人民代表大会常务委员会第十九次会议批准的《杭州市人民代表"
	"大会常务委员会关于修改〈杭州市示例管理条例〉的决定》第二次修正\n\n"
	"2015年5月20日 杭州市第十二届人民代表大会常务委员会第三十次会议通过\n\n"
	"2015年12月3日 浙江省第十二届人民代表大会常务委员会第二十一次会议批准的"
	"《关于因行政区划调整修改〈杭州市建筑条例〉等六十六件地方性法规的决定》"
	"修正\n\n"
	"2021年10月29日 杭州市第十三届人民代表大会常务委员会第三十八次会议通过"
	"修订\n\n"
	"2021年11月25日 浙江省第十三届人民代表大会常务委员会第三十二次会议批准\n\n"
	"2021年12月3日 杭州市人民代表大会常务委员会公告第61号公布\n\n"
	"<!-- INFO END -->\n\n"
	"## 第一章 总则\n\n"
	"第一条 为了加强管理，制定本条例。\n\n"
	"第二条 本条例自2022年3月1日起施行。\n";

static void city_history(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, CITY);
	const lx_event *h;
	assert_int_equal(lx_doc_history(d, &h), 12);
	event(&h[0], "1998-08-22", "通过",
	      "杭州市第九届人民代表大会常务委员会第十三次会议");
	event(&h[1], "1998-10-24", "批准",
	      "浙江省第九届人民代表大会常务委员会第八次会议");
	/* 批准的《X市…的决定》修正: the province approves, the city (whose
	 * decision it is) amends. */
	event(&h[2], "2001-12-28", "批准",
	      "浙江省第九届人民代表大会常务委员会第三十次会议");
	event(&h[3], "2001-12-28", "修正", "杭州市人民代表大会常务委员会");
	/* 通过并经…批准的《…决定》修正: the city amends, the province
	 * approves. */
	event(&h[4], "2010-07-30", "修正",
	      "杭州市第十一届人民代表大会常务委员会第二十次会议");
	event(&h[5], "2010-07-30", "批准",
	      "浙江省第十一届人民代表大会常务委员会第十九次会议");
	/* A decision that names no body: the city's, adopted just before. */
	event(&h[6], "2015-05-20", "通过",
	      "杭州市第十二届人民代表大会常务委员会第三十次会议");
	event(&h[7], "2015-12-03", "批准",
	      "浙江省第十二届人民代表大会常务委员会第二十一次会议");
	event(&h[8], "2015-12-03", "修正",
	      "杭州市第十二届人民代表大会常务委员会第三十次会议");
	/* 通过修订 is a 修订. */
	event(&h[9], "2021-10-29", "修订",
	      "杭州市第十三届人民代表大会常务委员会第三十八次会议");
	event(&h[10], "2021-11-25", "批准",
	      "浙江省第十三届人民代表大会常务委员会第三十二次会议");
	event(&h[11], "2021-12-03", "公布", "杭州市人民代表大会常务委员会公告第61号");
	/* The issuer enacts (the city), the province approves; no 公告, no
	 * session. */
	assert_str(lx_doc_issuer(d), "杭州市人民代表大会常务委员会");
	assert_str(lx_doc_id(d), "杭州市示例管理条例@2021-12-03");
	assert_str(lx_doc_effective(d), "2022-03-01");
	assert_str(lx_doc_status(d), "有效");
	lx_doc_free(d);
}

/* Provincial forms: a decision title without outer 《》, a header event
 * over two lines, 根据…决定修正 with the body in the decision's title,
 * …会议第一次修订. */
static void provincial_forms(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(
		G, "# 浙江省示例条例\n\n"
		   "2006年3月29日 浙江省第十届人民代表大会常务委员会第二十四次会议通过\n\n"
		   "2009年8月27日 根据《全国人民代表大会常务委员会关于修改部分法律的"
		   "决定》修正\n\n"
		   "2013年12月19日 浙江省第十二届人民代表大会常务委员会第七次会议关于"
		   "修改《浙江省人才市场管理条例》等八件地方性法规的决定第一次修正\n\n"
		   "2016年7月29日 浙江省第十二届人民代表大会常务委员会第三十一次会议"
		   "第一次修订\n\n"
		   "2020年7月31日 浙江省第十三届人民代表大会常务委员会第二十二次会议"
		   "《关于修改〈浙江省示例条例〉〈浙江省实施〈中华人民共和国村民委员会"
		   "组织法〉办法〉\n\n"
		   "的决定》第二次修正\n\n"
		   "<!-- INFO END -->\n\n"
		   "第一条 为了规范管理，制定本条例。\n\n"
		   "第二条 本条例自2016年10月1日起施行。\n");
	const lx_event *h;
	assert_int_equal(lx_doc_history(d, &h), 5);
	event(&h[1], "2009-08-27", "修正", "全国人民代表大会常务委员会");
	event(&h[2], "2013-12-19", "修正",
	      "浙江省第十二届人民代表大会常务委员会第七次会议");
	event(&h[3], "2016-07-29", "修订",
	      "浙江省第十二届人民代表大会常务委员会第三十一次会议");
	event(&h[4], "2020-07-31", "修正",
	      "浙江省第十三届人民代表大会常务委员会第二十二次会议");
	assert_str(lx_doc_id(d), "浙江省示例条例@2020-07-31");
	assert_str(lx_doc_issuer(d), "浙江省人民代表大会常务委员会");
	/* 本条例自2016年10月1日起施行 is the 2016 revision's date, not this
	 * version's (2020): null, with a note. */
	assert_null(lx_doc_effective(d));
	const lx_diag *dg;
	size_t nd = lx_doc_diags(d, &dg), notes = 0;
	for (size_t i = 0; i < nd; i++)
		notes += !strcmp(dg[i].code, "effective-of-earlier-version");
	assert_int_equal(notes, 1);
	lx_doc_free(d);
}

/* A city congress (not its standing committee) enacts; the 公告 publishes;
 * 自公布之日起施行 takes the 公布 date; an undated event line is kept. */
static void congress_and_publication(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(
		G, "# 宁波市示例条例\n\n"
		   "2016年2月26日 宁波市第十四届人民代表大会第六次会议通过\n\n"
		   "浙江省第十二届人民代表大会常务委员会第二十九次会议批准\n\n"
		   "2016年6月8日 宁波市人民代表大会常务委员会公告第18号公布\n\n"
		   "<!-- INFO END -->\n\n"
		   "第一条 为了规范管理，制定本条例。\n\n"
		   "第二条 本条例自公布之日起施行。\n");
	const lx_event *h;
	assert_int_equal(lx_doc_history(d, &h), 3);
	event(&h[1], NULL, "批准",
	      "浙江省第十二届人民代表大会常务委员会第二十九次会议");
	assert_str(lx_doc_issuer(d), "宁波市人民代表大会");
	assert_str(lx_doc_effective(d), "2016-06-08");
	assert_true(test_diags(d, "missing-date") >= 1);
	lx_doc_free(d);
	/* A leading 经 and 公告 are not part of a name. */
	d = test_parse_str(
		G, "# 丽水市示例办法\n\n"
		   "2016年4月15日 经丽水市人民代表大会常务委员会公告第1号公布\n\n"
		   "<!-- INFO END -->\n\n"
		   "第一条 为了规范管理，制定本办法。\n");
	assert_str(lx_doc_issuer(d), "丽水市人民代表大会常务委员会");
	lx_doc_free(d);
	/* A body named without its place (市十四届人大常委会) is the one that
	 * published the text. */
	d = test_parse_str(
		G, "# 宁波示例新区条例\n\n"
		   "2014年12月26日 市十四届人大常委会第二十次会议通过\n\n"
		   "2015年3月27日 省十二届人大常委会第十八次会议批准\n\n"
		   "2015年4月13日 宁波市人民代表大会常务委员会公告第12号公布\n\n"
		   "<!-- INFO END -->\n\n"
		   "第一条 为了规范管理，制定本条例。\n");
	assert_str(lx_doc_issuer(d), "宁波市人民代表大会常务委员会");
	lx_doc_free(d);
	/* An autonomous county's congress makes a local regulation. */
	d = test_parse_str(
		G, "# 景宁畲族自治县示例条例\n\n"
		   "2019年3月1日 景宁畲族自治县第十六届人民代表大会第三次会议通过\n\n"
		   "2019年5月30日 浙江省第十三届人民代表大会常务委员会第十二次会议批准\n\n"
		   "<!-- INFO END -->\n\n"
		   "第一条 为了规范管理，制定本条例。\n");
	assert_str(lx_doc_issuer(d), "景宁畲族自治县人民代表大会");
	assert_str(lx_doc_type(d), "地方性法规");
	lx_doc_free(d);
}

/* A licence's validity is not the document's. */
static void own_validity_only(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(
		G, "# 浙江省示例登记办法\n\n"
		   "2015年1月1日 浙江省人民政府第十次常务会议通过\n\n"
		   "<!-- INFO END -->\n\n"
		   "第一条 登记证有效期三年。\n\n"
		   "第二条 本办法自2015年3月1日起施行。\n");
	assert_null(lx_doc_expires(d));
	lx_doc_free(d);
	d = test_parse_str(
		G, "# 浙江省示例登记办法\n\n"
		   "2015年1月1日 浙江省人民政府第十次常务会议通过\n\n"
		   "<!-- INFO END -->\n\n"
		   "第一条 登记证有效期三年。\n\n"
		   "第二条 本办法自2015年3月1日起施行，有效期3年。\n");
	assert_str(lx_doc_expires(d), "2018-02-28");
	lx_doc_free(d);
}

static lx_set *set_of(const char *const *texts, size_t n)
{
	lx_set *s;
	assert_int_equal(lx_set_new(&s), LX_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(lx_set_add(s, test_parse_str(G, texts[i])), LX_OK);
	assert_int_equal(lx_set_resolve(s), LX_OK);
	return s;
}

static const char *status_of(const lx_set *s, const char *id)
{
	const lx_doc *d = lx_set_find(s, id);
	if (!d)
		fail_msg("no document %s", id);
	return lx_doc_status(d);
}

static const char OLD[] =
	"# 浙江省示例物业管理条例\n\n"
	"2009年1月1日 浙江省第十一届人民代表大会常务委员会第八次会议通过\n\n"
	"<!-- INFO END -->\n\n"
	"第一条 为了规范物业管理，制定本条例。\n\n"
	"第二条 本条例自2009年3月1日起施行。\n";
static const char NEW[] =
	"# 浙江省示例物业管理条例\n\n"
	"2020年1月1日 浙江省第十三届人民代表大会常务委员会第十六次会议通过\n\n"
	"<!-- INFO END -->\n\n"
	"第一条 为了规范物业管理，制定本条例。\n\n"
	"第二条 本条例自2020年3月1日起施行。《浙江省示例物业管理条例》同时废止。\n";
/* A later version that does not repeal the earlier one in its text. */
static const char AMENDED[] =
	"# 浙江省示例物业管理条例\n\n"
	"2020年1月1日 浙江省第十三届人民代表大会常务委员会第十六次会议修订\n\n"
	"<!-- INFO END -->\n\n"
	"第一条 为了规范物业管理，制定本条例。\n\n"
	"第二条 本条例自2020年3月1日起施行。\n";
static const char MEASURE[] =
	"# 浙江省示例扶持办法\n\n"
	"2015年1月1日 浙江省人民政府第十次常务会议通过\n\n"
	"<!-- INFO END -->\n\n"
	"第一条 为了扶持企业，制定本办法。\n\n"
	"第二条 本办法自2015年3月1日起施行，有效期3年。\n";
static const char REPEALER[] =
	"# 浙江省示例促进条例\n\n"
	"2019年1月1日 浙江省第十三届人民代表大会常务委员会第八次会议通过\n\n"
	"<!-- INFO END -->\n\n"
	"第一条 为了促进发展，制定本条例。\n\n"
	"第二条 本条例自2019年3月1日起施行。《浙江省示例扶持办法》同时废止。\n";
static const char DRAFT[] =
	"# 浙江省示例管理办法\n\n（征求意见稿）\n\n"
	"第一条 为了管理，制定本办法。\n\n"
	"第二条 本办法有效期至2016年12月31日。\n";

static void statuses_as_of(void **state)
{
	(void)state;
	const char *texts[] = {OLD, AMENDED, MEASURE, DRAFT};
	lx_set *s = set_of(texts, 4);
	/* Today: a later version is in the set; the measure's three years
	 * are over; the draft stays a draft. */
	assert_str(status_of(s, "浙江省示例物业管理条例@2009-01-01"), "已被修改");
	assert_str(status_of(s, "浙江省示例物业管理条例@2020-01-01"), "有效");
	assert_str(status_of(s, "浙江省示例扶持办法@2015-01-01"), "失效");
	assert_str(status_of(s, "浙江省示例管理办法"), "征求意见稿");
	/* As of 2016: the new version is not adopted yet, the measure is in
	 * force. */
	assert_int_equal(lx_set_as_of(s, "2016-06-01"), LX_OK);
	assert_str(status_of(s, "浙江省示例物业管理条例@2009-01-01"), "有效");
	assert_str(status_of(s, "浙江省示例扶持办法@2015-01-01"), "有效");
	/* Adopted, not yet in force. */
	assert_int_equal(lx_set_as_of(s, "2020-02-01"), LX_OK);
	assert_str(status_of(s, "浙江省示例物业管理条例@2020-01-01"), "尚未生效");
	/* The old version is in force until the new one takes effect
	 * (lexcn/versions.h: effective date <= D < the next one's). */
	assert_str(status_of(s, "浙江省示例物业管理条例@2009-01-01"), "有效");
	assert_int_equal(lx_set_as_of(s, "2015-02-01"), LX_OK);
	assert_str(status_of(s, "浙江省示例扶持办法@2015-01-01"), "尚未生效");
	/* Not a date: refused, nothing changed. */
	assert_int_equal(lx_set_as_of(s, "2015-13-01"), LX_ERR_USAGE);
	assert_int_equal(lx_set_as_of(s, "yesterday"), LX_ERR_USAGE);
	assert_str(status_of(s, "浙江省示例扶持办法@2015-01-01"), "尚未生效");
	assert_int_equal(lx_set_as_of(s, NULL), LX_OK);
	assert_str(status_of(s, "浙江省示例扶持办法@2015-01-01"), "失效");
	lx_set_free(s);
}

static void repealed_by_the_set(void **state)
{
	(void)state;
	const char *texts[] = {REPEALER, MEASURE};
	lx_set *s = set_of(texts, 2);
	assert_int_equal(lx_set_as_of(s, "2016-06-01"), LX_OK);
	assert_str(status_of(s, "浙江省示例扶持办法@2015-01-01"), "有效");
	/* The repealing act in force: the measure is repealed (before its
	 * three years end). */
	assert_int_equal(lx_set_as_of(s, "2019-06-01"), LX_OK);
	assert_str(status_of(s, "浙江省示例扶持办法@2015-01-01"), "失效");
	assert_str(status_of(s, "浙江省示例促进条例@2019-01-01"), "有效");
	lx_set_free(s);
}

/* The repeal citation in the new version of a title. */
static const lx_cite *repeal_of(const lx_doc *d)
{
	for (size_t i = 0; i < lx_doc_cite_count(d); i++)
		if (lx_cite_get_relation(lx_doc_cite(d, i)) == LX_CITE_REPEAL)
			return lx_doc_cite(d, i);
	fail_msg("no repeal in %s", lx_doc_id(d));
	return NULL;
}

static void repeal_of_the_earlier_version(void **state)
{
	(void)state;
	/* With the earlier version: linked to it, never to itself. */
	const char *both[] = {NEW, OLD};
	lx_set *s = set_of(both, 2);
	const lx_cite *c =
		repeal_of(lx_set_find(s, "浙江省示例物业管理条例@2020-01-01"));
	assert_true(lx_cite_get_resolved(c));
	assert_int_equal(lx_cite_target_count(c), 1);
	assert_string_equal(lx_cite_target(c, 0)->doc,
	                    "浙江省示例物业管理条例@2009-01-01");
	assert_str(status_of(s, "浙江省示例物业管理条例@2009-01-01"), "失效");
	lx_set_free(s);
	/* Alone: unresolved, with the reason. */
	const char *alone[] = {NEW};
	s = set_of(alone, 1);
	c = repeal_of(lx_set_find(s, "浙江省示例物业管理条例@2020-01-01"));
	assert_false(lx_cite_get_resolved(c));
	assert_int_equal(lx_cite_target_count(c), 0);
	assert_str(lx_cite_get_reason(c), "earlier version not in set");
	assert_str(status_of(s, "浙江省示例物业管理条例@2020-01-01"), "有效");
	lx_set_free(s);
	/* A copy of the same version is not an earlier one. */
	const char *copies[] = {NEW, NEW};
	s = set_of(copies, 2);
	lx_doc *const *dv;
	assert_int_equal(lx_set_docs(s, &dv), 2);
	for (size_t i = 0; i < 2; i++) {
		c = repeal_of(dv[i]);
		assert_false(lx_cite_get_resolved(c));
		assert_str(lx_cite_get_reason(c), "earlier version not in set");
		assert_str(lx_doc_status(dv[i]), "有效");
	}
	lx_set_free(s);
}

/* The body of each event (lx_event.body): abbreviations spelled out and
 * given their place, sessions and orders left out; a decision adopted and
 * amending on one line is one 修正; joint events keep their own dates. */
static void event_bodies(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G,
		"# 杭州市示例开发经营管理若干规定\n\n"
		"2000年11月16日 市九届人大常委会第二十九次会议通过\n\n"
		"2001年4月19日 省九届人大常委会第二十六次会议批准\n\n"
		"2003年8月21日 市十届人大常委会第十二次会议通过的《杭州市人民代表大会常务"
		"委员会关于修改<杭州市示例开发经营管理若干规定>个别条款的决定》修正\n\n"
		"2003年11月6日 浙江省十届人民代表大会常务委员会第六次会议批准\n\n"
		"2015年8月24日 杭州市人民代表大会常务委员会公告第50号公布\n\n"
		"<!-- INFO END -->\n\n"
		"第一条 为了加强管理，制定本规定。\n");
	const lx_event *h;
	assert_int_equal(lx_doc_history(d, &h), 5);
	assert_str(h[0].body, "杭州市人民代表大会常务委员会");
	assert_str(h[1].body, "浙江省人民代表大会常务委员会");
	/* one event: the decision's adoption is the amendment */
	assert_str(h[2].action, "修正");
	assert_str(h[2].date, "2003-08-21");
	assert_str(h[3].body, "浙江省人民代表大会常务委员会");
	assert_str(h[4].body, "杭州市人民代表大会常务委员会");
	assert_str(lx_doc_issuer(d), "杭州市人民代表大会常务委员会");
	lx_doc_free(d);
	d = test_parse_str(G,
		"# 最高人民法院、最高人民检察院关于办理示例刑事案件适用法律若干问题的解释\n\n"
		"2023年3月27日 最高人民法院审判委员会第1882次会议、2023年7月27日 "
		"最高人民检察院第十四届检察委员会第十次会议通过\n\n"
		"2023年8月15日 施行\n\n"
		"<!-- INFO END -->\n\n"
		"第一条 本解释自2023年8月15日起施行。\n");
	assert_int_equal(lx_doc_history(d, &h), 3);
	event(&h[0], "2023-03-27", "通过", "最高人民法院审判委员会第1882次会议");
	event(&h[1], "2023-07-27", "通过",
	      "最高人民检察院第十四届检察委员会第十次会议");
	assert_str(h[1].body, "最高人民检察院检察委员会");
	assert_str(lx_doc_type(d), "司法解释");
	assert_str(lx_doc_issuer(d), "最高人民法院、最高人民检察院");
	assert_string_equal(lx_doc_id(d),
	                    "最高人民法院、最高人民检察院关于办理示例刑事案件适用法律"
	                    "若干问题的解释@2023-07-27");
	lx_doc_free(d);
}

/* A norm of 国务院 amended by its decisions, promulgated by its orders. */
static void state_council(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G,
		"# 中华人民共和国示例法实施细则\n\n"
		"2001年6月15日 中华人民共和国国务院令第306号公布\n\n"
		"2002年12月28日《国务院关于修改〈中华人民共和国示例法实施细则〉的决定》"
		"第一次修订\n\n"
		"2023年12月11日 中华人民共和国国务院令第769号第三次修订\n\n"
		"<!-- INFO END -->\n\n"
		"第一条 根据《中华人民共和国示例法》，制定本细则。\n");
	const lx_event *h;
	assert_int_equal(lx_doc_history(d, &h), 3);
	assert_str(h[0].body, "国务院");
	assert_str(h[1].by, "国务院");
	assert_str(h[2].body, "国务院");
	assert_str(lx_doc_issuer(d), "国务院");
	assert_str(lx_doc_type(d), "行政法规");
	lx_doc_free(d);
}

/* No event names a body; the text does, in its closing formula.  Titles
 * repealed with their descriptions between them. */
static void self_named_issuer_and_repeals(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G,
		"# 示例登记规定\n\n<!-- INFO END -->\n\n"
		"第一条 为了规范示例登记，制定本规定。\n\n"
		"第二条 本规定自2022年5月1日起施行。2008年5月27日发布的《示例登记规定》"
		"（公安部令第102号）和2012年9月12日发布的《公安部关于修改<示例登记规定>"
		"的决定》（公安部令第124号）同时废止。本规定生效后，公安部以前制定的规定"
		"与本规定不一致的，以本规定为准。\n");
	assert_str(lx_doc_issuer(d), "公安部");
	const lx_repeal *r;
	assert_int_equal(lx_doc_repeals(d, &r), 2);
	assert_str(r[0].title, "示例登记规定");
	assert_str(r[0].doc_number, "公安部令第102号");
	assert_str(r[1].title, "公安部关于修改<示例登记规定>的决定");
	lx_doc_free(d);
}

/* A repeal that names an undated version by the number of an earlier year
 * links it. */
static void repeal_of_an_undated_version(void **state)
{
	(void)state;
	const char *texts[] = {
		"# 最高人民法院关于示例案件的解释\n\n"
		"2023年7月27日 最高人民法院审判委员会第1890次会议通过\n\n"
		"<!-- INFO END -->\n\n"
		"第一条 本解释自2023年8月15日起施行。《最高人民法院关于示例案件的解释》"
		"（法释〔2016〕29号）同时废止。\n",
		"# 最高人民法院关于示例案件的解释\n\n<!-- INFO END -->\n\n"
		"第一条 本解释自发布之日起施行。\n"};
	lx_set *s = set_of(texts, 2);
	assert_int_equal(lx_set_as_of(s, "2026-12-01"), LX_OK);
	const lx_cite *c =
		repeal_of(lx_set_find(s, "最高人民法院关于示例案件的解释@2023-07-27"));
	assert_true(lx_cite_get_resolved(c));
	assert_str(lx_cite_target(c, 0)->doc, "最高人民法院关于示例案件的解释");
	assert_str(status_of(s, "最高人民法院关于示例案件的解释"), "失效");
	lx_set_free(s);
}

/* Text copied from a PDF: no INFO END line bounds the header, lines are
 * wrapped at 20 characters.  The header is the title and the dated event
 * lines; the first prose line (为了…, 根据…：) begins the body, and is
 * neither the title nor the history line's continuation. */
#define PDF_BODY                                                              \
	"一、将第一条修改为：“为了加强示例管理，\n"                            \
	"保障公民、法人和其他组织的合法权益，根据\n"                          \
	"有关法律，结合本市实际，制定本条例。”\n"                              \
	"二、将第二条修改为：“本条例适用于本市行\n"                            \
	"政区域内的示例管理活动。示例管理坚持依法\n"                          \
	"管理、公开透明、便民高效的原则。”\n"                                  \
	"三、将第三条修改为：“市人民政府负责本市\n"                            \
	"的示例管理工作，区人民政府负责本区的示例\n"                          \
	"管理工作，有关部门按照职责分工负责。”\n"                              \
	"四、本修正案自公布之日起施行。\n"
#define PDF_EVENT                                                             \
	"2001年12月29日 第九届示例市人民代表大会常务委员会第二十五次会议通过\n"

static const char *first_para(const lx_doc *d, size_t *n)
{
	const lx_node *b = lx_doc_body(d), *first = NULL;
	*n = 0;
	for (const lx_node *x = b; x; x = lx_node_next_preorder(b, x))
		if (lx_node_get_type(x) == LX_NODE_PARAGRAPH && !(*n)++)
			first = x;
	return first ? lx_node_get_text(first) : "";
}

static void pdf_header_boundary(void **state)
{
	(void)state;
	const lx_event *h;
	size_t n;
	/* Title, an event line longer than the measure, then the preamble. */
	lx_doc *d = test_parse_str(G, "示例管理条例修正案\n" PDF_EVENT
	                              "为了加强示例管理，保障公民、法人和其他组\n"
	                              "织的合法权益，维护社会秩序，对本条例作如\n"
	                              "下修改：\n" PDF_BODY);
	assert_string_equal(lx_doc_title(d), "示例管理条例修正案");
	assert_int_equal(lx_doc_history(d, &h), 1);
	event(&h[0], "2001-12-29", "通过",
	      "第九届示例市人民代表大会常务委员会第二十五次会议");
	assert_string_equal(first_para(d, &n),
	                    "为了加强示例管理，保障公民、法人和其他组织的合法"
	                    "权益，维护社会秩序，对本条例作如下修改：");
	assert_int_equal(n, 5);
	lx_doc_free(d);
	/* The title line lost (a running title taken away with the page
	 * furniture): a 根据…决定，…： line after the events is no title. */
	d = test_parse_str(G, PDF_EVENT "根据示例市人民代表大会常务委员会第二十\n"
	                               "五次会议决定，对《示例管理条例》作如下修\n"
	                               "改：\n" PDF_BODY);
	assert_null(lx_doc_title(d));
	assert_int_equal(lx_doc_history(d, &h), 1);
	assert_string_equal(first_para(d, &n),
	                    "根据示例市人民代表大会常务委员会第二十五次会议决定"
	                    "，对《示例管理条例》作如下修改：");
	assert_int_equal(n, 5);
	lx_doc_free(d);
	/* Nor is a short line after them, though it is no sentence. */
	d = test_parse_str(G, PDF_EVENT "发布之日施行\n"
	                               "为了加强示例管理，保障公民、法人和其他组\n"
	                               "织的合法权益，维护社会秩序，对本条例作如\n"
	                               "下修改：\n" PDF_BODY);
	assert_null(lx_doc_title(d));
	assert_string_equal(first_para(d, &n), "发布之日施行");
	assert_int_equal(n, 6);
	lx_doc_free(d);
	/* Prose without 。 that mentions a date (…一九八三年九月十二日发布的
	 * 《…》作如下补充规定：): the body, not an event of the header. */
	d = test_parse_str(G, "示例管理条例修正案\n" PDF_EVENT
	                      "为了加强示例管理，保障公民、法人和其他组\n"
	                      "织的合法权益，现对二〇〇〇年一月一日发布\n"
	                      "的《示例管理条例》作如下补充规定：\n" PDF_BODY);
	assert_int_equal(lx_doc_history(d, &h), 1);
	assert_string_equal(first_para(d, &n),
	                    "为了加强示例管理，保障公民、法人和其他组织的合法"
	                    "权益，现对二〇〇〇年一月一日发布的《示例管理条例》"
	                    "作如下补充规定：");
	assert_int_equal(n, 5);
	lx_doc_free(d);
	/* The title again (here after the dated lines): the body's own
	 * heading, its first paragraph, not a header line. */
	d = test_parse_str(G, "示例管理条例修正案\n" PDF_EVENT "示例管理条例修正案\n"
	                      "为了加强示例管理，保障公民、法人和其他组\n"
	                      "织的合法权益，维护社会秩序，对本条例作如\n"
	                      "下修改：\n" PDF_BODY);
	assert_string_equal(lx_doc_title(d), "示例管理条例修正案");
	assert_string_equal(first_para(d, &n), "示例管理条例修正案");
	assert_int_equal(n, 6);
	lx_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(city_history),
		cmocka_unit_test(provincial_forms),
		cmocka_unit_test(congress_and_publication),
		cmocka_unit_test(own_validity_only),
		cmocka_unit_test(statuses_as_of),
		cmocka_unit_test(repealed_by_the_set),
		cmocka_unit_test(repeal_of_the_earlier_version),
		cmocka_unit_test(event_bodies),
		cmocka_unit_test(state_council),
		cmocka_unit_test(self_named_issuer_and_repeals),
		cmocka_unit_test(repeal_of_an_undated_version),
		cmocka_unit_test(pdf_header_boundary),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
