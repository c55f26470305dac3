/* map — string-keyed hash table (open addressing, FNV-1a).
 *
 * Keys are copied; values are borrowed pointers the map never frees. Used
 * for message look-ups, which are read-only once loaded and so safe to share
 * between threads. */
#ifndef VERSUS_MAP_H
#define VERSUS_MAP_H

#include <stddef.h>

struct map;

struct map *map_new(void);
void map_free(struct map *m);
/* Set key (n bytes) to value; returns the previous value or NULL. */
void *map_put(struct map *m, const char *key, size_t n, void *value);
/* Value for key, or NULL. */
void *map_get(const struct map *m, const char *key, size_t n);
size_t map_size(const struct map *m);

#endif
