/* util.h - small things every module needs: checked allocation,
 * bounded string copies, and making untrusted text safe to show. */
#ifndef CW_UTIL_H
#define CW_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define CW_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation failures end the program with a message: there is no
 * sensible way on for a case tool that cannot allocate 100 bytes.
 * (Drafts are written by the hang-up path, which does not allocate.) */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Copies at most dstsize-1 bytes, always NUL-terminates, never splits
 * a UTF-8 sequence. Returns true if the whole of src fitted. */
bool cw_strlcpy(char *dst, const char *src, size_t dstsize);

/* Removes leading and trailing ASCII white space in place. */
char *cw_trim(char *s);

/* true if s is empty or only ASCII white space. */
bool cw_blank(const char *s);

/* true if s is valid UTF-8 (and no overlong forms or surrogates). */
bool cw_utf8_valid(const char *s);

/* true if s contains C0 controls (other than those in `allowed`, e.g.
 * "\n" for multi-line notes), DEL, or C1 controls (U+0080..U+009F). */
bool cw_has_controls(const char *s, const char *allowed);

/* Writes a display-safe copy of untrusted text into dst: C0/C1 controls
 * and DEL become visible escapes (ESC -> "^[", newline -> "^J",
 * U+009B -> "\u009b"), invalid UTF-8 bytes become "\xNN". Always
 * NUL-terminated; truncates on a character boundary. Returns dst. */
char *cw_sanitize(char *dst, size_t dstsize, const char *src);

/* Case-insensitive (ASCII) substring search; true if needle is "". */
bool cw_contains_ci(const char *haystack, const char *needle);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t cw_edit_distance(const char *a, const char *b);

#endif
