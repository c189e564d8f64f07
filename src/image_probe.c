/* image_probe.c - what an image file holds, before anything is written.
 *
 * The kind comes from the first 64 KiB of the uncompressed stream: a GPT
 * header ("EFI PART" at byte 512 or 4096), or the 55 AA signature that ends
 * an MBR, a GPT's protective MBR or a partitionless boot sector, make a disk
 * image. An ISO 9660 volume descriptor ("CD001" at 32769) without either is
 * CD/DVD media; one that is ESXi install media is refused even when hybrid.
 * Text (a kickstart file, notes) is never a disk image.
 *
 * The uncompressed size comes from headers read with pread, never by
 * decompressing: the xz index of every stream, the content size of every
 * zstd frame, and gzip's ISIZE (the size modulo 2^32: exact only when the
 * file is too small for it to have wrapped, a lower bound otherwise). */
#include "config.h"

#include <archive.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32.h"
#include "image_priv.h"
#include "io.h"
#include "le.h"
#include "media.h"
#include "nls.h"

#define PROBE_HEAD (64u * 1024u)	/* stream bytes looked at */
#define PROBE_XZ_INDEX_MAX (16u * IMAGE_MIB)
#define PROBE_XZ_STREAMS 4096
#define PROBE_GZIP_RATIO 1032u		/* deflate's largest expansion */

/* --- sizes from headers --- */

/* A little-endian base-128 number of xz's index at *p (below end). */
static int xz_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	unsigned i;

	*v = 0;
	for (i = 0; i < 9 && *p < end; i++) {
		unsigned char b = *(*p)++;

		*v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80))
			return 0;
	}
	return -EINVAL;
}

/* Parse one xz index of len bytes: the stream's uncompressed size and the
 * bytes its blocks take. Checks the index's CRC-32. */
static int xz_index(const unsigned char *ix, size_t len, uint64_t *usize, uint64_t *blocks)
{
	const unsigned char *p = ix + 1, *end = ix + len - 4;
	struct crc32 c;
	uint64_t n, i, unpadded, u;

	crc32_init(&c);
	crc32_update(&c, ix, len - 4);
	if (len < 8 || ix[0] != 0 || crc32_value(&c) != le32_get(ix + len - 4))
		return -EINVAL;
	*usize = *blocks = 0;
	if (xz_varint(&p, end, &n) < 0)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (xz_varint(&p, end, &unpadded) < 0 || xz_varint(&p, end, &u) < 0)
			return -EINVAL;
		*blocks += (unpadded + 3) & ~(uint64_t)3;
		*usize += u;
	}
	while (p < end && *p == 0)
		p++;
	return p == end ? 0 : -EINVAL;
}

/* The uncompressed size of an xz file: the sum over its streams, read
 * from the back (footer, index, header magic); -EINVAL when not sure. */
static int xz_size(int fd, uint64_t fsize, uint64_t *out)
{
	static const unsigned char magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	unsigned char t[12];
	uint64_t pos = fsize, total = 0;
	unsigned streams = 0;
	struct crc32 c;

	while (pos > 0 && streams++ < PROBE_XZ_STREAMS) {
		uint64_t isize, usize = 0, blocks = 0;
		unsigned char *ix;
		int rc;

		/* stream padding: zero bytes in fours */
		while (pos >= 4 && io_pread_exact(fd, t, 4, pos - 4) == 0 && !le32_get(t))
			pos -= 4;
		if (pos < 24 || io_pread_exact(fd, t, 12, pos - 12) < 0 || t[10] != 'Y' || t[11] != 'Z')
			return -EINVAL;
		crc32_init(&c);
		crc32_update(&c, t + 4, 6);
		if (crc32_value(&c) != le32_get(t))
			return -EINVAL;
		isize = ((uint64_t)le32_get(t + 4) + 1) * 4;
		if (isize > PROBE_XZ_INDEX_MAX || isize + 24 > pos || !(ix = malloc(isize)))
			return -EINVAL;
		rc = io_pread_exact(fd, ix, isize, pos - 12 - isize);
		if (rc == 0)
			rc = xz_index(ix, isize, &usize, &blocks);
		free(ix);
		if (rc < 0 || blocks + isize + 24 > pos)
			return -EINVAL;
		pos -= 12 + isize + blocks + 12;
		if (io_pread_exact(fd, t, 6, pos) < 0 || memcmp(t, magic, 6))
			return -EINVAL;
		total += usize;
	}
	if (pos)
		return -EINVAL;
	*out = total;
	return 0;
}

/* A small read-ahead window over a file, for walking zstd block headers. */
struct probe_win {
	int fd;
	uint64_t start;
	size_t len;
	unsigned char buf[4096];
};

/* n (at most 16) bytes at off through the window; -EINVAL past the end. */
static int win_read(struct probe_win *w, uint64_t off, void *out, size_t n)
{
	ssize_t got;

	if (off < w->start || off + n > w->start + w->len) {
		got = io_pread_all(w->fd, w->buf, sizeof(w->buf), off);
		w->start = off;
		w->len = got > 0 ? (size_t)got : 0;
		if (n > w->len)
			return -EINVAL;
	}
	memcpy(out, w->buf + (off - w->start), n);
	return 0;
}

/* One zstd frame at *pos: its content size, *pos moved past it. Skippable
 * frames count 0. -EINVAL when a frame does not state its size. */
static int zstd_frame(struct probe_win *w, uint64_t fsize, uint64_t *pos, uint64_t *usize)
{
	static const unsigned dict_len[4] = { 0, 1, 2, 4 }, fcs_lens[4] = { 0, 2, 4, 8 };
	unsigned char h[16];
	uint64_t p = *pos;
	unsigned fhd, fcs_len, off;
	uint32_t magic;

	if (win_read(w, p, h, 4) < 0)
		return -EINVAL;
	magic = le32_get(h);
	if ((magic & 0xfffffff0u) == 0x184d2a50u) {	/* skippable frame */
		if (win_read(w, p + 4, h, 4) < 0)
			return -EINVAL;
		*pos = p + 8 + le32_get(h);
		*usize = 0;
		return *pos <= fsize ? 0 : -EINVAL;
	}
	if (magic != 0xfd2fb528u || win_read(w, p + 4, h, 1) < 0)
		return -EINVAL;
	fhd = h[0];
	fcs_len = fcs_lens[fhd >> 6];
	if (!fcs_len && (fhd & 0x20))
		fcs_len = 1;	/* single segment: the size is always there */
	off = 1 + ((fhd & 0x20) ? 0 : 1) + dict_len[fhd & 3];
	if (!fcs_len || win_read(w, p + 4 + off, h, fcs_len) < 0)
		return -EINVAL;
	*usize = fcs_len == 1 ? h[0] : fcs_len == 2 ? le16_get(h) + 256u
		 : fcs_len == 4 ? le32_get(h) : le64_get(h);
	p += 4 + off + fcs_len;
	for (;;) {	/* blocks: 3-byte headers, last-block bit first */
		uint32_t bh;

		if (win_read(w, p, h, 3) < 0)
			return -EINVAL;
		bh = h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16;
		if (((bh >> 1) & 3) == 3)
			return -EINVAL;
		p += 3 + (((bh >> 1) & 3) == 1 ? 1 : bh >> 3);
		if (p > fsize)
			return -EINVAL;
		if (bh & 1)
			break;
	}
	*pos = p + ((fhd & 4) ? 4 : 0);
	return *pos <= fsize ? 0 : -EINVAL;
}

/* The uncompressed size of a zstd file: the sum of its frames' content
 * sizes, when every frame states one. */
static int zstd_size(int fd, uint64_t fsize, uint64_t *out)
{
	struct probe_win *w = calloc(1, sizeof(*w));
	uint64_t pos = 0, total = 0, u;
	int rc = 0;

	if (!w)
		return -ENOMEM;
	w->fd = fd;
	while (rc == 0 && pos < fsize)
		if ((rc = zstd_frame(w, fsize, &pos, &u)) == 0)
			total += u;
	free(w);
	if (rc == 0)
		*out = total;
	return rc;
}

/* Fill info's size fields from the compressed file's headers. */
static void probe_size(struct image_source *s, struct image_info *info)
{
	unsigned char t[4];
	uint64_t v;

	if (!s->compressed) {
		info->size = info->size_min = s->file_size;
		info->size_from = _("the file's size");
		return;
	}
	if (s->layers != 1)
		return;		/* a compressed file inside another: no header says */
	if (s->filter_code == ARCHIVE_FILTER_XZ && xz_size(s->fd, s->file_size, &v) == 0) {
		info->size = info->size_min = v;
		info->size_from = _("its xz index");
	} else if (s->filter_code == ARCHIVE_FILTER_ZSTD && zstd_size(s->fd, s->file_size, &v) == 0) {
		info->size = info->size_min = v;
		info->size_from = _("its zstd frame header");
	} else if (s->filter_code == ARCHIVE_FILTER_GZIP && s->file_size >= 18 &&
		   io_pread_exact(s->fd, t, 4, s->file_size - 4) == 0) {
		/* ISIZE is the size mod 2^32: the real size is ISIZE + k * 2^32,
		 * so never less; and exactly ISIZE when even the densest deflate
		 * stream in this file could not reach 2^32 bytes. */
		info->size_min = le32_get(t);
		info->size_from = _("its gzip trailer, if the file is complete");
		if ((s->file_size - 18) * PROBE_GZIP_RATIO < (1ull << 32))
			info->size = info->size_min;
	}
}

/* --- kinds from content --- */

/* Words that begin a line of an ESXi kickstart file and rarely any other
 * text's. */
static const char *const ks_words[] = {
	"vmaccepteula", "accepteula", "rootpw", "clearpart", "%firstboot", "%post", "%pre",
	"install --", "upgrade --", "network --", "keyboard ",
};

/* Is the head text (no NUL, no control bytes but whitespace)? */
static bool probe_is_text(const unsigned char *p, size_t n)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++)
		if (!p[i] || (p[i] < 0x20 && !strchr("\t\n\r\f", p[i])) || p[i] == 0x7f)
			return false;
	return true;
}

/* Does a line of the text start with a kickstart command? */
static bool probe_is_kickstart(const unsigned char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		while (i < n && isspace(p[i]))
			i++;
		for (k = 0; k < sizeof(ks_words) / sizeof(ks_words[0]); k++) {
			size_t wl = strlen(ks_words[k]);

			if (n - i >= wl && !strncasecmp((const char *)p + i, ks_words[k], wl))
				return true;
		}
		while (i < n && p[i] != '\n')
			i++;
	}
	return false;
}

/* Is the ISO 9660 image at path ESXi install media? Its volume id says
 * so (ESXI-...), or the media reader accepts it. */
static bool probe_is_esxi(const char *path, const unsigned char *head)
{
	struct media *m;
	struct stoat_err ignore;

	if (!strncasecmp((const char *)head + 32768 + 40, "ESXI", 4))
		return true;
	if (media_open(path, &m, &ignore) < 0)
		return false;
	media_close(m);
	return true;
}

/* The kind of image whose stream starts with head (n bytes). */
static enum image_kind probe_kind(const char *path, const unsigned char *head, size_t n)
{
	bool table = (n >= 520 && !memcmp(head + 512, "EFI PART", 8)) ||
		     (n >= 4104 && !memcmp(head + 4096, "EFI PART", 8));
	bool mbr = n >= 512 && head[510] == 0x55 && head[511] == 0xaa;

	if (n >= 32774 && head[32768] == 1 && !memcmp(head + 32769, "CD001", 5)) {
		if (probe_is_esxi(path, head))
			return IMAGE_KIND_ESXI_MEDIA;
		if (!table && !mbr)
			return IMAGE_KIND_ISO;
	}
	if (table)
		return IMAGE_KIND_GPT;
	if (mbr)
		return IMAGE_KIND_MBR;
	if (probe_is_text(head, n < 4096 ? n : 4096))
		return probe_is_kickstart(head, n) ? IMAGE_KIND_KICKSTART : IMAGE_KIND_TEXT;
	return IMAGE_KIND_UNKNOWN;
}

/* Look at an image file; see image.h. */
int image_probe(const char *path, struct image_info *info, struct stoat_err *e)
{
	struct image_source s;
	unsigned char *head;
	size_t n;
	int rc;

	memset(info, 0, sizeof(*info));
	if ((rc = image_source_open(&s, path, e)) < 0)
		return rc;
	if (!(head = calloc(1, PROBE_HEAD))) {
		image_source_close(&s);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	info->compressed = s.compressed;
	info->file_size = s.file_size;
	snprintf(info->filter, sizeof(info->filter), "%s", s.filter);
	probe_size(&s, info);
	rc = image_source_head(&s, head, PROBE_HEAD, &n, e);
	image_source_close(&s);
	if (rc == 0)
		info->kind = probe_kind(path, head, n);
	free(head);
	return rc;
}

/* May an image of this kind be flashed? See image.h. */
int image_flashable(const char *path, const struct image_info *info, bool force,
		    struct stoat_err *e)
{
	switch (info->kind) {
	case IMAGE_KIND_GPT:
	case IMAGE_KIND_MBR:
		return 0;
	case IMAGE_KIND_UNKNOWN:
		if (force)
			return 0;
		return err_set(e, EMEDIUMTYPE, _("%s does not look like a disk image: its first sectors hold no partition table (no MBR signature, no GPT header)"),
			       path);
	case IMAGE_KIND_TEXT:
		return err_set(e, EINVAL, _("%s is a text file, not a disk image; nothing was written"), path);
	case IMAGE_KIND_KICKSTART:
		return err_set(e, EINVAL, _("%s is a kickstart file, not a disk image; to install with it, run: stoat install --kickstart %s --media ISO"),
			       path, path);
	case IMAGE_KIND_ISO:
		if (force)
			return 0;
		return err_set(e, EMEDIUMTYPE, _("%s is an ISO 9660 (CD/DVD) image without a partition table, not a disk image"),
			       path);
	case IMAGE_KIND_ESXI_MEDIA:
		return err_set(e, EINVAL, _("%s is ESXi install media, not a flash image; to install ESXi from it, run: stoat --media %s (or stoat install --media %s --kickstart FILE)"),
			       path, path, path);
	}
	return 0;
}
