/* text — language-aware case and the escapers for every output context.
 *
 * All text is UTF-8. Language tags are BCP 47 ("tr", "zh-Hans"); case
 * mapping follows the language (Turkish I → ı) through libunistring. */
#ifndef VERSUS_TEXT_H
#define VERSUS_TEXT_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

/* Append s (n bytes) to out with its first letter lowered, unless the first
 * word is an acronym or name: a word with a capital or digit after its
 * first letter (SMTP, IPv6), or one listed in `keep` (space-separated,
 * e.g. "Gmail I"). Text not opening with a letter is appended unchanged. */
void text_lower_first(struct buf *out, const char *s, size_t n,
		      const char *lang, const char *keep);

/* True if the first word of s, case-folded, is one of the space-separated
 * words of `words` ("when during after"). */
bool text_first_word_in(const char *s, size_t n, const char *words,
			const char *lang);

/* Append s with & < > " ' escaped: safe in HTML text and quoted attributes. */
void text_escape_html(struct buf *out, const char *s, size_t n);
/* Append s with & < > as entities: plain text in Markdown, which other
 * tools render as HTML, can then carry no tag. */
void text_escape_md(struct buf *out, const char *s, size_t n);
/* Append s as a double-quoted YAML scalar; < > &, control characters,
 * U+2028 and U+2029 as \u escapes, so the file holds no markup. */
void text_escape_yaml(struct buf *out, const char *s, size_t n);
/* Append s percent-encoded but for the characters a URL path keeps as
 * they are; the result needs no further escaping in an HTML attribute,
 * a double-quoted YAML string or a Markdown link destination. */
void text_escape_url(struct buf *out, const char *s, size_t n);
/* Append s as a JSON string, quotes included, that is also safe inside an
 * HTML <script> element (no <, >, &, ', U+2028 or U+2029 as they are). */
void text_escape_json(struct buf *out, const char *s, size_t n);
/* Append s with XML whitespace runs folded to one space and the ends
 * trimmed, as xgettext does with catalogue texts. */
void text_collapse_space(struct buf *out, const char *s, size_t n);
/* True if s is valid UTF-8 without NUL or C0 controls other than tab and
 * newline. */
bool text_valid(const char *s, size_t n);
/* Number of words (runs of non-space) in s, for translation statistics. */
size_t text_words(const char *s);

#endif
