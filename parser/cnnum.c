/*
 * cnnum.c: Chinese numerals and dates.
 *
 * lx_cn_number reads the numerals of article labels and dates: positional
 * forms with units (十一, 一百零三, 一千二百六十, 两万), digit-by-digit forms
 * (二〇二〇), ASCII and full-width digits.  lx_parse_date reads 2020年9月25日,
 * "2020年 9月 25日" and 二〇二〇年十二月一日 into YYYY-MM-DD.
 */
#include <string.h>

#include "lx_int.h"

#define LX_NUM_MAX 2147483647L

static int digit_of(int32_t c)
{
	switch (c) {
	case 0x3007: /* 〇 */
	case 0x96F6: /* 零 */
		return 0;
	case 0x4E00: return 1; /* 一 */
	case 0x4E8C: return 2; /* 二 */
	case 0x4E24: return 2; /* 两 */
	case 0x4E09: return 3; /* 三 */
	case 0x56DB: return 4; /* 四 */
	case 0x4E94: return 5; /* 五 */
	case 0x516D: return 6; /* 六 */
	case 0x4E03: return 7; /* 七 */
	case 0x516B: return 8; /* 八 */
	case 0x4E5D: return 9; /* 九 */
	default:
		if (c >= '0' && c <= '9')
			return c - '0';
		if (c >= 0xFF10 && c <= 0xFF19)
			return c - 0xFF10;
		return -1;
	}
}

static long unit_of(int32_t c)
{
	switch (c) {
	case 0x5341: return 10;    /* 十 */
	case 0x767E: return 100;   /* 百 */
	case 0x5343: return 1000;  /* 千 */
	case 0x4E07: return 10000; /* 万 */
	default: return 0;
	}
}

long lx_cn_number(const char *s, size_t len)
{
	if (!len)
		return -1;
	bool has_unit = false;
	size_t i = 0;
	while (i < len) {
		int32_t c = lx_u8_next(s, len, &i);
		if (unit_of(c))
			has_unit = true;
		else if (digit_of(c) < 0)
			return -1;
	}
	i = 0;
	if (!has_unit) {
		/* Positional digits: 二〇二〇, 2020, ４５. */
		long v = 0;
		while (i < len) {
			int d = digit_of(lx_u8_next(s, len, &i));
			if (v > (LX_NUM_MAX - d) / 10)
				return -1;
			v = v * 10 + d;
		}
		return v;
	}
	/* With units: sections below 万 accumulate in `section`. */
	long total = 0, section = 0, digit = -1, last_unit = 0;
	while (i < len) {
		int32_t c = lx_u8_next(s, len, &i);
		long u = unit_of(c);
		/* Units fall within a section: 一千二百 yes, 十十 or 百千 no. */
		if (u && u < 10000 && last_unit && u >= last_unit)
			return -1;
		if (u)
			last_unit = u == 10000 ? 0 : u;
		if (!u) {
			int d = digit_of(c);
			if (digit > 0 && d >= 0) {
				/* Two digits in a row (一二十) is not a numeral,
				 * except after 零. */
				return -1;
			}
			digit = d;
			continue;
		}
		long mult = digit < 0 ? 1 : digit; /* 十 alone means 一十 */
		if (u == 10000) {
			section += digit > 0 ? digit : 0;
			if (section == 0)
				section = 1;
			if (section > LX_NUM_MAX / 10000)
				return -1;
			total += section * 10000;
			section = 0;
		} else {
			if (digit == 0)
				return -1;
			section += mult * u;
		}
		digit = -1;
	}
	if (digit > 0)
		section += digit;
	if (total > LX_NUM_MAX - section)
		return -1;
	return total + section;
}

/* Reads a numeral token at s[*i] up to one of the stop characters. */
static const char *scan_num(const char *s, size_t len, size_t *i,
                            const char *stop, size_t *nlen,
                            bool *placeholder)
{
	size_t st, en;
	while (*i < len && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	st = *i;
	size_t sl = strlen(stop);
	while (*i < len && !(len - *i >= sl && !memcmp(s + *i, stop, sl)))
		(*i)++;
	if (*i >= len)
		return NULL;
	en = *i;
	while (en > st && (s[en - 1] == ' ' || s[en - 1] == '\t'))
		en--;
	*i += sl;
	*nlen = en - st;
	for (size_t k = st; k < en; k++)
		if (s[k] == 'X' || s[k] == 'x')
			*placeholder = true;
	return s + st;
}

const char *lx_parse_date(lx_arena *a, const char *s, size_t len,
                          bool *placeholder)
{
	size_t i = 0, yl, ml, dl;
	bool ph = false;
	const char *y = scan_num(s, len, &i, "年", &yl, &ph);
	const char *m = y ? scan_num(s, len, &i, "月", &ml, &ph) : NULL;
	const char *d = m ? scan_num(s, len, &i, "日", &dl, &ph) : NULL;
	if (placeholder)
		*placeholder = ph;
	if (!d || ph)
		return NULL;
	long yy = lx_cn_number(y, yl), mm = lx_cn_number(m, ml),
	     dd = lx_cn_number(d, dl);
	if (yy < 1000 || yy > 9999 || mm < 1 || mm > 12 || dd < 1 || dd > 31)
		return NULL;
	return lx_arena_printf(a, "%04ld-%02ld-%02ld", yy, mm, dd);
}

bool lx_cn_format(long n, char *buf, size_t size)
{
	lx_buf b = {0};
	bool ok = n >= 1 && lx_cn_count(&b, n, false) && !b.oom &&
	          b.len + 1 <= size;
	if (ok)
		memcpy(buf, b.s, b.len + 1);
	lx_buf_free(&b);
	return ok;
}
