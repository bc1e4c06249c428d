/*
 * decode.c: raw bytes -> UTF-8 text split into lines.
 *
 * Accepts UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK or
 * UTF-16 without BOM when the bytes are not UTF-8 and ICU's charset detector
 * names one of them.  CRLF and CR line ends become LF.  Anything else fails
 * with a one-line message naming the file and the byte offset: never a
 * guess that would silently turn text into mojibake.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "lx_int.h"

static void set_err(lx_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(lx_error *err, int code, const char *fmt, ...)
{
	if (!err)
		return;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* Strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF).
 * Returns the offset of the first invalid byte, or len when valid. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len,
                              size_t *n_invalid, size_t *n_valid_multi,
                              size_t *n_ctl)
{
	size_t first = len, i = 0;
	*n_invalid = 0;
	*n_valid_multi = 0;
	*n_ctl = 0;
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			*n_ctl += c < 0x20 && c != '\n' && c != '\r' && c != '\t';
			i++;
			continue;
		}
		/* ICU's strict decoder; after an ill-formed sequence the scan
		 * resumes at its next byte (each byte counts as invalid). */
		size_t at = i;
		UChar32 cp;
		U8_NEXT(s, i, len, cp);
		if (cp >= 0) {
			(*n_valid_multi)++;
		} else {
			if (first == len)
				first = at;
			(*n_invalid)++;
			i = at + 1;
		}
	}
	return first;
}

static size_t line_of_offset(const char *buf, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n')
			line++;
	return line;
}

/* Converts with ICU from `charset` to UTF-8, stopping at the first illegal
 * sequence.  Returns malloc'd UTF-8 or NULL with *bad_offset set. */
static char *convert(const char *charset, const char *buf, size_t len,
                     size_t *out_len, size_t *bad_offset, bool *oom)
{
	UErrorCode st = U_ZERO_ERROR;
	*oom = false;
	*bad_offset = (size_t)-1;
	UConverter *from = ucnv_open(charset, &st);
	if (U_FAILURE(st))
		return NULL;
	ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL,
	                    &st);
	UConverter *to = ucnv_open("UTF-8", &st);
	if (U_FAILURE(st)) {
		ucnv_close(from);
		return NULL;
	}
	size_t cap = len * 2 + 16;
	char *out = malloc(cap);
	UChar *pivot = malloc(sizeof(UChar) * 4096);
	if (!out || !pivot) {
		*oom = true;
		free(out);
		free(pivot);
		ucnv_close(from);
		ucnv_close(to);
		return NULL;
	}
	UChar *ps = pivot, *pt = pivot;
	const char *src = buf, *src_end = buf + len;
	char *dst = out, *dst_end = out + cap;
	for (;;) {
		st = U_ZERO_ERROR;
		ucnv_convertEx(to, from, &dst, dst_end, &src, src_end, pivot,
		               &ps, &pt, pivot + 4096, false, true, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR) {
			size_t used = (size_t)(dst - out);
			cap *= 2;
			char *n = realloc(out, cap);
			if (!n) {
				*oom = true;
				break;
			}
			out = n;
			dst = out + used;
			dst_end = out + cap;
			continue;
		}
		if (U_FAILURE(st)) {
			/* src stops after the offending bytes; back up by the
			 * length ICU reports as invalid. */
			char errbytes[32];
			int8_t n = sizeof(errbytes);
			UErrorCode st2 = U_ZERO_ERROR;
			ucnv_getInvalidChars(from, errbytes, &n, &st2);
			if (U_FAILURE(st2))
				n = 0;
			*bad_offset = (size_t)(src - buf) - (size_t)n;
		} else {
			*out_len = (size_t)(dst - out);
			free(pivot);
			ucnv_close(from);
			ucnv_close(to);
			return out;
		}
		break;
	}
	free(out);
	free(pivot);
	ucnv_close(from);
	ucnv_close(to);
	return NULL;
}

/* Names the charset ICU's detector sees in non-UTF-8 bytes, if it is one we
 * accept; NULL otherwise. */
static const char *detect_charset(const char *buf, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	UCharsetDetector *det = ucsdet_open(&st);
	if (U_FAILURE(st))
		return NULL;
	int32_t n = len > INT32_MAX ? INT32_MAX : (int32_t)len;
	ucsdet_setText(det, buf, n, &st);
	int32_t found = 0;
	const UCharsetMatch **m = ucsdet_detectAll(det, &found, &st);
	const char *result = NULL;
	for (int32_t i = 0; U_SUCCESS(st) && i < found && i < 3 && !result;
	     i++) {
		const char *name = ucsdet_getName(m[i], &st);
		int32_t conf = ucsdet_getConfidence(m[i], &st);
		if (U_FAILURE(st) || conf < 10)
			break;
		if (!strcmp(name, "GB18030"))
			result = "GB18030";
		else if (!strcmp(name, "UTF-16LE"))
			result = "UTF-16LE";
		else if (!strcmp(name, "UTF-16BE"))
			result = "UTF-16BE";
		else if (!strcmp(name, "Big5"))
			result = "Big5";
	}
	ucsdet_close(det);
	return result;
}

static int split_lines(lx_text *t, lx_error *err, const char *name)
{
	/* Normalise CRLF and CR to LF in place, then index the lines. */
	char *s = t->utf8;
	size_t o = t->len;
	if (memchr(s, '\r', t->len))
		o = 0;
	for (size_t i = o; i < t->len; i++) {
		if (s[i] == '\r') {
			s[o++] = '\n';
			if (i + 1 < t->len && s[i + 1] == '\n')
				i++;
		} else {
			s[o++] = s[i];
		}
	}
	t->len = o;
	s[o] = '\0';
	size_t start = 0;
	int no = 1;
	while (start < o) {
		const char *nl = memchr(s + start, '\n', o - start);
		size_t i = nl ? (size_t)(nl - s) : o;
		lx_line *l = lx_vec_push(&t->lines, sizeof(lx_line));
		if (!l) {
			set_err(err, LX_ERR_NOMEM, "%s: out of memory", name);
			return LX_ERR_NOMEM;
		}
		l->s = s + start;
		l->len = i - start;
		l->no = no++;
		start = i + 1;
	}
	return LX_OK;
}

/* Control bytes that have no place in a text file. */
static bool is_bad_control(unsigned char c)
{
	return (c < 0x20 && c != '\n' && c != '\r' && c != '\t' &&
	        c != '\f' && c != '\v') ||
	       c == 0x7F;
}

int lx_decode(lx_text *t, const char *name, const char *buf, size_t len,
              lx_error *err)
{
	memset(t, 0, sizeof(*t));
	if (len > LX_MAX_INPUT_BYTES) {
		set_err(err, LX_ERR_LIMIT,
		        "%s: input of %zu bytes is over the limit of %zu bytes",
		        name, len, LX_MAX_INPUT_BYTES);
		return LX_ERR_LIMIT;
	}
	const unsigned char *u = (const unsigned char *)buf;
	const char *charset = NULL;
	size_t skip = 0, bad = 0, ctl_seen = (size_t)-1;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		skip = 3;
		t->encoding = "UTF-8 (BOM)";
	} else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		charset = "UTF-16LE";
		skip = 2;
	} else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		charset = "UTF-16BE";
		skip = 2;
	}
	buf += skip;
	len -= skip;
	if (!charset) {
		size_t n_invalid, n_valid;
		bad = utf8_invalid_at((const unsigned char *)buf, len,
		                      &n_invalid, &n_valid, &ctl_seen);
		const char *z = memchr(buf, '\0', len);
		size_t nul = 0;
		for (; z; z = memchr(z + 1, '\0', len - (size_t)(z + 1 - buf)))
			if (++nul * 8 > len || z + 1 >= buf + len)
				break;
		if (bad < len || nul * 8 > len) {
			charset = detect_charset(buf, len);
			/* Stray bytes in text that is mostly valid UTF-8 are
			 * damage, not another encoding: in real GB18030 or
			 * Big5 text, valid UTF-8 sequences are rare. */
			if (charset && n_valid >= n_invalid)
				charset = NULL;
			/* UTF-16 without a BOM shows NUL bytes (in line ends,
			 * digits, ASCII); without them it is a guess. */
			if (charset && !strncmp(charset, "UTF-16", 6) &&
			    nul * 100 < len)
				charset = NULL;
			if (!charset && bad < len) {
				set_err(err, LX_ERR_DECODE,
				        "%s:%zu: invalid UTF-8 at byte offset %zu "
				        "(and not GB18030 or UTF-16 either)",
				        name, line_of_offset(buf, bad),
				        bad + skip);
				return LX_ERR_DECODE;
			}
		}
		if (!t->encoding && !charset)
			t->encoding = "UTF-8";
	}
	if (charset) {
		size_t out_len = 0;
		bool oom;
		char *out = convert(charset, buf, len, &out_len, &bad, &oom);
		if (!out) {
			if (oom) {
				set_err(err, LX_ERR_NOMEM, "%s: out of memory",
				        name);
				return LX_ERR_NOMEM;
			}
			set_err(err, LX_ERR_DECODE,
			        "%s: invalid %s at byte offset %zu", name,
			        charset, bad == (size_t)-1 ? 0 : bad + skip);
			return LX_ERR_DECODE;
		}
		char *n = realloc(out, out_len + 1);
		t->utf8 = n ? n : out;
		t->len = out_len;
		t->encoding = charset;
	} else {
		t->utf8 = malloc(len + 1);
		if (!t->utf8) {
			set_err(err, LX_ERR_NOMEM, "%s: out of memory", name);
			return LX_ERR_NOMEM;
		}
		memcpy(t->utf8, buf, len);
		t->len = len;
	}
	/* Binary data: many control bytes.  A few stray NULs are kept as a
	 * diagnostic by the clean-up stage instead. */
	size_t ctl = 0, first_ctl = t->len;
	const unsigned char *us = (const unsigned char *)t->utf8;
	/* The validation pass counted control bytes of UTF-8 input: skip
	 * the scan when there are none. */
	for (size_t i = 0; ctl_seen && i < t->len; i++)
		if (us[i] < 0x20 && is_bad_control(us[i])) {
			if (first_ctl == t->len)
				first_ctl = i;
			ctl++;
		}
	if (ctl > 8 && ctl * 100 > t->len) {
		set_err(err, LX_ERR_DECODE,
		        "%s:%zu: binary data, not text (%zu control bytes, the "
		        "first at byte offset %zu)",
		        name, line_of_offset(t->utf8, first_ctl), ctl,
		        first_ctl + skip);
		lx_text_free(t);
		return LX_ERR_DECODE;
	}
	t->utf8[t->len] = '\0';
	return split_lines(t, err, name);
}

void lx_text_free(lx_text *t)
{
	free(t->utf8);
	lx_vec_free(&t->lines);
	memset(t, 0, sizeof(*t));
}
