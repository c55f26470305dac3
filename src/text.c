#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

/* libunistring wants an ISO 639 code ("tr"), not a BCP 47 tag ("zh-Hans"). */
static const char *S_iso639(const char *lang, char out[8])
{
	size_t i = 0;
	while (lang && lang[i] && lang[i] != '-' && lang[i] != '_' && i < 7) {
		out[i] = lang[i];
		i++;
	}
	out[i] = '\0';
	return out;
}

/* Length in bytes of the first word: the run of letters and digits. */
static size_t S_word_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		ucs4_t c;
		int k = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);
		if (k <= 0 || !(uc_is_alpha(c) || uc_is_digit(c)))
			break;
		i += (size_t)k;
	}
	return i;
}

static bool S_in_list(const char *w, size_t n, const char *list)
{
	const char *p = list;
	while (p && *p) {
		while (*p == ' ')
			p++;
		size_t k = strcspn(p, " ");
		if (k == n && k && memcmp(p, w, n) == 0)
			return true;
		p += k;
	}
	return false;
}

void text_lower_first(struct buf *out, const char *s, size_t n,
		      const char *lang, const char *keep)
{
	ucs4_t c;
	int k = n ? u8_mbtouc(&c, (const uint8_t *)s, n) : 0;
	if (k <= 0 || !uc_is_upper(c)) {
		buf_put(out, s, n);
		return;
	}
	size_t wlen = S_word_len(s, n);
	for (size_t i = (size_t)k; i < wlen;) {
		ucs4_t d;
		int m = u8_mbtouc(&d, (const uint8_t *)s + i, wlen - i);
		if (uc_is_upper(d) || uc_is_digit(d)) {
			buf_put(out, s, n); /* acronym: SMTP, IPv6, AUTH */
			return;
		}
		i += (size_t)m;
	}
	if (S_in_list(s, wlen, keep)) {
		buf_put(out, s, n);
		return;
	}
	char iso[8];
	uint8_t tmp[16];
	size_t len = sizeof tmp;
	uint8_t *low = u8_tolower((const uint8_t *)s, (size_t)k,
				  S_iso639(lang, iso), NULL, tmp, &len);
	if (!low) {
		buf_put(out, s, n);
		return;
	}
	buf_put(out, low, len);
	if (low != tmp)
		free(low);
	buf_put(out, s + k, n - (size_t)k);
}

bool text_first_word_in(const char *s, size_t n, const char *words,
			const char *lang)
{
	size_t wlen = S_word_len(s, n);
	if (!wlen)
		return false;
	char iso[8];
	uint8_t tmp[64];
	size_t len = sizeof tmp;
	uint8_t *low = u8_tolower((const uint8_t *)s, wlen, S_iso639(lang, iso),
				  NULL, tmp, &len);
	if (!low)
		return false;
	bool found = S_in_list((const char *)low, len, words);
	if (low != tmp)
		free(low);
	return found;
}

/* Appends s with each of & < > (and, for HTML, " ') as its entity. */
static void S_escape(struct buf *out, const char *s, size_t n, bool quotes)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = quotes ? "&quot;" : NULL; break;
		case '\'': rep = quotes ? "&#39;" : NULL; break;
		default: rep = NULL; break;
		}
		if (!rep)
			continue;
		buf_put(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_put(out, s + start, n - start);
}

void text_escape_html(struct buf *out, const char *s, size_t n)
{
	S_escape(out, s, n, true);
}

void text_escape_md(struct buf *out, const char *s, size_t n)
{
	/* Plain text in CommonMark: & < > as entities (no raw HTML, no
	 * autolink), and every other character that can open inline syntax
	 * (emphasis, code, links, tables, strikethrough, headings) behind a
	 * backslash, for any renderer, not only ours. With [ and ] escaped,
	 * no ( ) or ! can make a link or an image. */
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!c || !strchr("\\`*_[]|~#<>&", c))
			continue;
		buf_put(out, s + start, i - start);
		if (c == '&')
			buf_puts(out, "&amp;");
		else if (c == '<')
			buf_puts(out, "&lt;");
		else if (c == '>')
			buf_puts(out, "&gt;");
		else {
			buf_putc(out, '\\');
			buf_putc(out, c);
		}
		start = i + 1;
	}
	buf_put(out, s + start, n - start);
}

void text_escape_url(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c && strchr("-._~/:@!$()*+,;=%#?", c)))
			buf_putc(out, (char)c);
		else
			buf_printf(out, "%%%02X", c);
	}
}

static bool S_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void text_collapse_space(struct buf *out, const char *s, size_t n)
{
	bool pending = false, any = false;
	for (size_t i = 0; i < n; i++) {
		if (S_xml_space(s[i])) {
			pending = any;
			continue;
		}
		if (pending)
			buf_putc(out, ' ');
		pending = false;
		any = true;
		buf_putc(out, s[i]);
	}
}

bool text_valid(const char *s, size_t n)
{
	if (u8_check((const uint8_t *)s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return false;
	}
	return true;
}

size_t text_words(const char *s)
{
	size_t words = 0;
	bool in = false;
	for (; *s; s++) {
		bool sp = S_xml_space(*s);
		if (!sp && !in)
			words++;
		in = !sp;
	}
	return words;
}

/* YAML's double-quoted scalars read JSON's escapes, so one writer serves
 * both; only a script needs the apostrophe escaped (a single-quoted
 * attribute), and a Markdown file's reader would rather see it. U+2028 and
 * U+2029 end a line in older JavaScript and are folded in YAML. */
static void S_escape_quoted(struct buf *out, const char *s, size_t n, bool apostrophe)
{
	buf_putc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, (char)c);
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&' || (apostrophe && c == '\'')) {
			buf_printf(out, "\\u%04x", c);
		} else if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
			buf_printf(out, "\\u%04x", (unsigned char)s[i + 2] == 0xa8 ? 0x2028 : 0x2029);
			i += 2;
		} else {
			buf_putc(out, (char)c);
		}
	}
	buf_putc(out, '"');
}

void text_escape_json(struct buf *out, const char *s, size_t n)
{
	S_escape_quoted(out, s, n, true);
}

void text_escape_yaml(struct buf *out, const char *s, size_t n)
{
	S_escape_quoted(out, s, n, false);
}
