/* array.h - growing arrays of fixed-size elements.
 *
 * The lists stoat builds (disks, mounts, media entries, vmtar picks) grow
 * by doubling; the overflow check and the realloc live here once. */
#ifndef STOAT_ARRAY_H
#define STOAT_ARRAY_H

#include <stddef.h>

/* Room for element n of v (elem bytes each, *cap allocated): v itself when
 * n < *cap, else v reallocated to twice *cap (first when *cap is 0) with
 * *cap updated. NULL when out of memory; v is then still valid. */
void *array_grow(void *v, size_t n, size_t *cap, size_t elem, size_t first);

#endif
