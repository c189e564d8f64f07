/* vmtar_fixture.h - payloads for the unit tests, written here: vmtar
 * (plain; data laid out in the reverse of the header order), compressed
 * with libarchive's writer, and tar archives. */
#ifndef STOAT_VMTAR_FIXTURE_H
#define STOAT_VMTAR_FIXTURE_H

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"

/* One member of a payload built here. */
struct vt_member {
	const char *name;	/* longer than 100: split into prefix/name */
	const void *data;
	size_t size;
	char type;		/* '0' file, '5' folder */
};

/* Fill a vmtar header block. */
static inline void vt_header(unsigned char *b, const char *name, uint64_t size, char type,
			     uint32_t off)
{
	size_t n = strlen(name);

	memset(b, 0, 512);
	if (n > 100) {
		const char *cut = name + n - 100;

		while (*cut && *cut != '/')
			cut++;
		memcpy(b + 345, name, (size_t)(cut - name));
		name = cut + 1;
		n = strlen(name);
	}
	memcpy(b, name, n);
	snprintf((char *)b + 100, 8, "%07o", 0644);
	snprintf((char *)b + 124, 12, "%011llo", (unsigned long long)size);
	b[156] = (unsigned char)type;
	memcpy(b + 257, "visor 40", 8);
	le32_put(b + 0x1F0, off);
}

/* A plain vmtar: headers, a zero block, then the files' data in the
 * reverse of their header order, 512-aligned. */
static inline unsigned char *vt_build(const struct vt_member *m, size_t n, size_t *len)
{
	size_t total = (n + 1) * 512, i;
	uint32_t *off = calloc(n + 1, sizeof(*off));
	unsigned char *p;

	for (i = n; i-- > 0; ) {
		off[i] = m[i].type == '0' ? (uint32_t)total : 0;
		if (m[i].type == '0')
			total += (m[i].size + 511) / 512 * 512;
	}
	p = calloc(1, total);
	for (i = 0; i < n; i++) {
		vt_header(p + i * 512, m[i].name, m[i].size, m[i].type, off[i]);
		if (m[i].type == '0' && m[i].size)
			memcpy(p + off[i], m[i].data, m[i].size);
	}
	free(off);
	*len = total;
	return p;
}

/* Write with libarchive: format "raw" (one member: members[0]) or a tar
 * format name, filters[] from the outermost in (NULL-terminated). */
static inline unsigned char *vt_write(const char *format, const struct vt_member *m, size_t n,
				      const char *const *filters, size_t *out_len)
{
	struct archive *a = archive_write_new();
	size_t cap = 1 << 20, used = 0, i;
	unsigned char *out;
	int k = 0;

	for (i = 0; i < n; i++)
		cap += m[i].size + 1024;
	out = malloc(cap);
	while (filters[k])
		k++;
	archive_write_set_format_by_name(a, format);
	/* libarchive puts the filter added first closest to the data */
	while (k-- > 0)
		archive_write_add_filter_by_name(a, filters[k]);
	archive_write_set_bytes_in_last_block(a, 1);
	archive_write_open_memory(a, out, cap, &used);
	for (i = 0; i < n; i++) {
		struct archive_entry *ent = archive_entry_new();

		archive_entry_set_pathname(ent, m[i].name);
		archive_entry_set_filetype(ent, m[i].type == '5' ? AE_IFDIR : AE_IFREG);
		archive_entry_set_perm(ent, 0644);
		archive_entry_set_size(ent, m[i].type == '5' ? 0 : (la_int64_t)m[i].size);
		archive_write_header(a, ent);
		if (m[i].type != '5')
			archive_write_data(a, m[i].data, m[i].size);
		archive_entry_free(ent);
	}
	archive_write_close(a);
	archive_write_free(a);
	*out_len = used;
	return out;
}

/* Compress bytes (raw format). */
static inline unsigned char *vt_compress(const void *plain, size_t len, const char *const *filters,
					 size_t *out_len)
{
	struct vt_member one = { "payload", plain, len, '0' };

	return vt_write("raw", &one, 1, filters, out_len);
}

#endif
