#include "map.h"

#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	char *key;
	size_t n;
	uint64_t hash;
	void *value;
};

struct map {
	struct slot *slots;
	size_t cap, size; /* cap is a power of two */
};

static uint64_t S_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

struct map *map_new(void)
{
	struct map *m = xcalloc(1, sizeof *m);
	m->cap = 64;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	return m;
}

void map_free(struct map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

static struct slot *S_find(const struct map *m, const char *key, size_t n,
			   uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	for (;;) {
		struct slot *s = &m->slots[i];
		if (!s->key ||
		    (s->hash == h && s->n == n && memcmp(s->key, key, n) == 0))
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

static void S_rehash(struct map *m)
{
	struct slot *old = m->slots;
	size_t oldcap = m->cap;
	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*S_find(m, old[i].key, old[i].n, old[i].hash) = old[i];
	free(old);
}

void *map_put(struct map *m, const char *key, size_t n, void *value)
{
	if ((m->size + 1) * 4 > m->cap * 3)
		S_rehash(m);
	uint64_t h = S_hash(key, n);
	struct slot *s = S_find(m, key, n, h);
	if (s->key) {
		void *prev = s->value;
		s->value = value;
		return prev;
	}
	s->key = xstrndup(key, n);
	s->n = n;
	s->hash = h;
	s->value = value;
	m->size++;
	return NULL;
}

void *map_get(const struct map *m, const char *key, size_t n)
{
	struct slot *s = S_find(m, key, n, S_hash(key, n));
	return s->key ? s->value : NULL;
}

size_t map_size(const struct map *m)
{
	return m->size;
}
