/* vmtar.c - VMware's vmtar payloads: headers first, then data at the
 * offsets the headers give, read in one forward pass (see vmtar.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "le.h"
#include "nls.h"
#include "vmtar.h"

#define VMTAR_NAME_LEN 100
#define VMTAR_SIZE_OFF 124
#define VMTAR_SIZE_LEN 12
#define VMTAR_TYPE_OFF 156
#define VMTAR_PREFIX_OFF 345
#define VMTAR_PREFIX_LEN 151		/* up to the offset field at 0x1F0 */

/* Whether block is a vmtar header. */
bool vmtar_is_header(const void *block)
{
	return !memcmp((const unsigned char *)block + VMTAR_MAGIC_OFF, "visor ", 6);
}

/* Parse an octal field: leading spaces, digits, then only NULs or spaces.
 * An empty field is 0. -EINVAL for anything else. */
static int vmtar_octal(const unsigned char *f, size_t n, uint64_t *out)
{
	size_t i = 0;
	uint64_t v = 0;

	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 60)
			return -EINVAL;
		v = v << 3 | (uint64_t)(f[i] - '0');
	}
	for (; i < n; i++)
		if (f[i] != '\0' && f[i] != ' ')
			return -EINVAL;
	*out = v;
	return 0;
}

/* Decode one header block (its magic already checked). */
static int vmtar_decode(const unsigned char *b, unsigned index, uint64_t at,
			struct vmtar_entry *ent, struct stoat_err *e)
{
	size_t nlen = strnlen((const char *)b, VMTAR_NAME_LEN);
	size_t plen = strnlen((const char *)b + VMTAR_PREFIX_OFF, VMTAR_PREFIX_LEN);

	memset(ent, 0, sizeof(*ent));
	if (!nlen)
		return err_set(e, EINVAL, _("the vmtar header at byte %llu has no name"),
			       (unsigned long long)at);
	if (plen) {
		memcpy(ent->name, b + VMTAR_PREFIX_OFF, plen);
		ent->name[plen++] = '/';
	}
	memcpy(ent->name + plen, b, nlen);
	ent->name[plen + nlen] = '\0';
	if (vmtar_octal(b + VMTAR_SIZE_OFF, VMTAR_SIZE_LEN, &ent->size) < 0)
		return err_set(e, EINVAL, _("the vmtar header of '%s' has a size that is not an octal number"),
			       ent->name);
	if (ent->size > UINT32_MAX)
		return err_set(e, EINVAL, _("the vmtar header of '%s' gives %llu bytes, more than a vmtar holds"),
			       ent->name, (unsigned long long)ent->size);
	switch (b[VMTAR_TYPE_OFF]) {
	case '\0': case '0': ent->type = VMTAR_FILE; break;
	case '1': ent->type = VMTAR_HARDLINK; break;
	case '2': ent->type = VMTAR_SYMLINK; break;
	case '5': ent->type = VMTAR_DIR; break;
	default: ent->type = VMTAR_OTHER; break;
	}
	ent->offset = le32_get(b + VMTAR_OFFSET_OFF);
	ent->index = index;
	return 0;
}

/* Whether all n bytes are zero. */
static bool vmtar_zero(const unsigned char *b, size_t n)
{
	return b[0] == 0 && !memcmp(b, b + 1, n - 1);
}

/* The picked entries, and where the headers ended. */
struct vmtar_picks {
	struct vmtar_entry *v;
	size_t n, cap;
	uint64_t pos;		/* bytes of the payload read so far */
};

/* Remember a picked entry. */
static int vmtar_keep(struct vmtar_picks *p, const struct vmtar_entry *ent, struct stoat_err *e)
{
	struct vmtar_entry *v;

	if (p->n == VMTAR_MAX_PICKS)
		return err_set(e, E2BIG, _("more than %d vmtar entries were asked for"), VMTAR_MAX_PICKS);
	if (!(v = array_grow(p->v, p->n, &p->cap, sizeof(*v), 16)))
		return err_set(e, ENOMEM, _("out of memory"));
	p->v = v;
	p->v[p->n++] = *ent;
	return 0;
}

/* Read the headers up to the first all-zero block, the end of the stream
 * or the first data offset, offering each entry to pick(). */
static int vmtar_headers(const struct stream *s, const struct vmtar_visit *v,
			 struct vmtar_picks *p, struct stoat_err *e)
{
	unsigned char b[VMTAR_BLOCK];
	uint64_t data_start = UINT64_MAX;
	struct vmtar_entry ent;
	unsigned index = 0;
	ssize_t n;
	int rc;

	while (p->pos < data_start) {
		if ((n = stream_read_full(s, b, sizeof(b), e)) < 0)
			return (int)n;
		if (n == 0 && index)
			break;
		if (n < (ssize_t)sizeof(b))
			return err_set(e, EIO, index ? _("the vmtar headers end in the middle of a header (truncated?)")
					       : _("it is too short to be a vmtar payload"));
		p->pos += sizeof(b);
		if (vmtar_zero(b, sizeof(b)))
			break;
		if (!vmtar_is_header(b) && !index)
			return err_set(e, EINVAL, _("it is not a vmtar payload (no vmtar magic)"));
		if (!vmtar_is_header(b))
			return err_set(e, EINVAL, _("the vmtar header at byte %llu has no vmtar magic"),
				       (unsigned long long)p->pos - sizeof(b));
		if (index == VMTAR_MAX_ENTRIES)
			return err_set(e, E2BIG, _("the vmtar payload has more than %d entries"),
				       VMTAR_MAX_ENTRIES);
		if ((rc = vmtar_decode(b, index++, p->pos - sizeof(b), &ent, e)) < 0)
			return rc;
		/* The data begins at the lowest offset any file gives that
		 * lies past the headers read so far. */
		if (ent.type == VMTAR_FILE && ent.size && ent.offset >= p->pos &&
		    ent.offset < data_start)
			data_start = ent.offset;
		if ((rc = v->pick(v->ctx, &ent, e)) < 0)
			return rc;
		if (rc == 1 && ent.type == VMTAR_FILE && (rc = vmtar_keep(p, &ent, e)) < 0)
			return rc;
	}
	return 0;
}

/* Order picked entries by offset, then by header order. */
static int vmtar_cmp(const void *a, const void *b)
{
	const struct vmtar_entry *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Hand the picked entries' data over, in offset order. */
static int vmtar_data(const struct stream *s, const struct vmtar_visit *v,
		      struct vmtar_picks *p, struct stoat_err *e)
{
	uint64_t head_end = p->pos;
	size_t i;
	int rc;

	if (p->n)
		qsort(p->v, p->n, sizeof(*p->v), vmtar_cmp);
	for (i = 0; i < p->n; i++) {
		const struct vmtar_entry *ent = &p->v[i];
		struct stream_limit lim;
		struct stream sub;

		/* An empty file has no data to find, wherever it points. */
		stream_limit_init(&lim, &sub, s, ent->size, ent->name);
		if (!ent->size) {
			if ((rc = v->data(v->ctx, ent, &sub, e)) < 0)
				return rc;
			continue;
		}
		if (ent->offset < head_end)
			return err_set(e, EINVAL, _("the data of '%s' in the vmtar payload starts at byte %u, inside the headers"),
				       ent->name, ent->offset);
		if (ent->offset < p->pos)
			return err_set(e, EINVAL, _("the data of '%s' in the vmtar payload overlaps the data of another entry"),
				       ent->name);
		if ((rc = stream_skip(s, ent->offset - p->pos, e)) < 0)
			return err_prefix(e, _("cannot reach the data of '%s' at byte %u"), ent->name,
					  ent->offset);
		p->pos = ent->offset;
		if ((rc = v->data(v->ctx, ent, &sub, e)) < 0)
			return rc;
		if ((rc = stream_skip(&sub, lim.left, e)) < 0)
			return rc;
		p->pos += ent->size;
	}
	return 0;
}

/* Read a decompressed payload. */
int vmtar_parse(const struct stream *plain, const void *head, size_t head_len,
		const struct vmtar_visit *v, struct stoat_err *e)
{
	struct vmtar_picks p = { 0 };
	struct stream_cat cat;
	struct stream s;
	int rc;

	stream_cat_init(&cat, &s, head, head ? head_len : 0, plain);
	rc = vmtar_headers(&s, v, &p, e);
	if (rc == 0)
		rc = vmtar_data(&s, v, &p, e);
	free(p.v);
	return rc;
}

/* Decompress a stored payload and read it. */
int vmtar_read(const struct stream *stored, const struct vmtar_visit *v,
	       struct stoat_err *e)
{
	struct stream_unpack *u;
	struct stream plain;
	int rc;

	if ((rc = stream_unpack_open(stored, &u, &plain, e)) < 0)
		return rc;
	rc = vmtar_parse(&plain, NULL, 0, v, e);
	stream_unpack_close(u);
	return rc;
}

/* vmtar_read on a buffer. */
int vmtar_read_mem(const void *buf, size_t len, const struct vmtar_visit *v,
		   struct stoat_err *e)
{
	struct stream_mem m;
	struct stream s;

	stream_mem_init(&m, &s, buf, len);
	return vmtar_read(&s, v, e);
}
