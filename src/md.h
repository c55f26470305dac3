/* md — catalogue and translation texts, which are short inline Markdown,
 * rendered with cmark in safe mode. */
#ifndef VERSUS_MD_H
#define VERSUS_MD_H

#include "buf.h"

#include <stddef.h>

/* Render s (n bytes, one paragraph of inline Markdown) to HTML without the
 * <p> wrapper into html, and a sanitised Markdown source into md: raw HTML
 * is dropped, images and links whose URL is not http(s), mailto or relative
 * are replaced by their text (cmark's safe mode alone still lets
 * data:image through).
 * Returns 0, or -1 if s is not a single paragraph (a list, a heading...). */
int md_render(const char *s, size_t n, struct buf *html, struct buf *md);

#endif
