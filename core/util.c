/* util.c - checked allocation, bounded copies, safe display of text. */
#include "core/util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
	fprintf(stderr, "casework: out of memory (asked for %zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		out_of_memory(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

/* Length of the UTF-8 sequence starting with byte c (1 for invalid). */
static size_t utf8_seq_len(unsigned char c)
{
	if (c < 0x80) return 1;
	if ((c & 0xE0) == 0xC0) return 2;
	if ((c & 0xF0) == 0xE0) return 3;
	if ((c & 0xF8) == 0xF0) return 4;
	return 1;
}

bool cw_strlcpy(char *dst, const char *src, size_t dstsize)
{
	size_t len, i = 0;

	if (dstsize == 0)
		return src[0] == '\0';
	len = strlen(src);
	if (len < dstsize) {
		memcpy(dst, src, len + 1);
		return true;
	}
	/* Truncate on a character boundary. */
	while (i < len) {
		size_t l = utf8_seq_len((unsigned char)src[i]);
		if (i + l > dstsize - 1)
			break;
		i += l;
	}
	memcpy(dst, src, i);
	dst[i] = '\0';
	return false;
}

char *cw_trim(char *s)
{
	size_t len = strlen(s), start = 0;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	while (s[start] && isspace((unsigned char)s[start]))
		start++;
	if (start)
		memmove(s, s + start, len - start + 1);
	return s;
}

bool cw_blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* Decodes one UTF-8 character; returns its length, or 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	len = utf8_seq_len((unsigned char)c);
	if (len == 1)
		return 0;
	c &= 0xFFu >> (len + 1);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

bool cw_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		size_t l = utf8_decode(p, &cp);
		if (!l)
			return false;
		p += l;
	}
	return true;
}

bool cw_has_controls(const char *s, const char *allowed)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		size_t l = utf8_decode(p, &cp);
		if (!l) {
			p++;
			continue;
		}
		if ((cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) &&
		    !(cp < 0x80 && allowed && strchr(allowed, (int)cp)))
			return true;
		p += l;
	}
	return false;
}

char *cw_sanitize(char *dst, size_t dstsize, const char *src)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t o = 0;

	if (dstsize == 0)
		return dst;
	while (*p) {
		char esc[16];
		const char *piece;
		size_t plen;
		uint32_t cp;
		size_t l = utf8_decode(p, &cp);

		if (!l) {
			snprintf(esc, sizeof esc, "\\x%02X", *p);
			piece = esc;
			l = 1;
		} else if (cp < 0x20 || cp == 0x7F) {
			esc[0] = '^';
			esc[1] = cp == 0x7F ? '?' : (char)(cp + 0x40);
			esc[2] = '\0';
			piece = esc;
		} else if (cp >= 0x80 && cp <= 0x9F) {
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
			piece = esc;
		} else {
			piece = (const char *)p;
		}
		plen = piece == (const char *)p ? l : strlen(piece);
		if (o + plen >= dstsize)
			break;
		memcpy(dst + o, piece, plen);
		o += plen;
		p += l;
	}
	dst[o] = '\0';
	return dst;
}

bool cw_contains_ci(const char *haystack, const char *needle)
{
	size_t nl = strlen(needle);
	if (nl == 0)
		return true;
	for (; *haystack; haystack++) {
		size_t i = 0;
		while (i < nl && haystack[i] &&
		       tolower((unsigned char)haystack[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == nl)
			return true;
	}
	return false;
}

size_t cw_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t *row, result;

	if (la > 256 || lb > 256)
		return la > lb ? la : lb;
	row = xcalloc(lb + 1, sizeof *row);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = prev + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	result = row[lb];
	free(row);
	return result;
}
