/* array.c - growing arrays of fixed-size elements. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "array.h"

/* Room for element n of v, doubling the allocation when it is full. */
void *array_grow(void *v, size_t n, size_t *cap, size_t elem, size_t first)
{
	size_t want;
	void *nv;

	if (n < *cap)
		return v;
	want = *cap ? *cap * 2 : first;
	if (!want || want > SIZE_MAX / elem || want <= n)
		return NULL;
	if (!(nv = realloc(v, want * elem)))
		return NULL;
	*cap = want;
	return nv;
}
