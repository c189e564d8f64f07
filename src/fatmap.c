/* fatmap.c - find where a file in a FAT root folder lies, read-only.
 *
 * Boot sector (BPB, little-endian): bytes per sector at 0x0B, sectors per
 * cluster 0x0D, reserved sectors 0x0E, FAT count 0x10, root entries 0x11,
 * total sectors 0x13 (16-bit) or 0x20 (32-bit), sectors per FAT 0x16 or,
 * on FAT32, 0x24, FAT32's root cluster 0x2C. The FAT type follows from
 * the cluster count alone (fewer than 4085: FAT12, 65525: FAT16). A
 * directory entry is 32 bytes: the 8.3 name at 0, attributes at 11, the
 * first cluster's high half at 20 (FAT32), its low half at 26, the size
 * at 28. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fatmap.h"
#include "io.h"
#include "le.h"
#include "nls.h"

#define ATTR_VOLUME 0x08
#define ATTR_DIR 0x10
#define ATTR_LFN 0x0F

/* Read len bytes at byte pos of the volume; e says where on failure. */
static int vol_read(int fd, uint64_t off, uint64_t pos, void *buf, size_t len,
		    struct stoat_err *e)
{
	int rc = io_pread_exact(fd, buf, len, off + pos);

	if (rc < 0)
		return err_set(e, -rc, _("Cannot read the FAT volume at byte %llu: %s."),
			       (unsigned long long)(off + pos), strerror(-rc));
	return 0;
}

/* Read the boot sector at off and derive the volume's geometry. */
int fatmap_open(int fd, uint64_t off, struct fatmap_vol *v, struct stoat_err *e)
{
	uint8_t bs[512];
	uint64_t total, fat_secs, fat_entries;
	unsigned n_fats, root_ents;
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = vol_read(fd, off, 0, bs, sizeof(bs), e)) < 0)
		return rc;
	v->bytes_per_sec = le16_get(bs + 0x0B);
	v->sec_per_clus = bs[0x0D];
	n_fats = bs[0x10];
	root_ents = le16_get(bs + 0x11);
	total = le16_get(bs + 0x13) ? le16_get(bs + 0x13) : le32_get(bs + 0x20);
	fat_secs = le16_get(bs + 0x16) ? le16_get(bs + 0x16) : le32_get(bs + 0x24);
	v->fat_start = le16_get(bs + 0x0E);
	v->root_start = (uint32_t)(v->fat_start + n_fats * fat_secs);
	if (v->bytes_per_sec != 512 && v->bytes_per_sec != 1024 && v->bytes_per_sec != 2048
	    && v->bytes_per_sec != 4096)
		goto bad;
	if (!v->sec_per_clus || (v->sec_per_clus & (v->sec_per_clus - 1)) || !v->fat_start
	    || !n_fats || !fat_secs || v->fat_start + n_fats * fat_secs >= total)
		goto bad;
	v->root_secs = (root_ents * 32 + v->bytes_per_sec - 1) / v->bytes_per_sec;
	v->data_start = v->root_start + v->root_secs;
	if (v->data_start >= total)
		goto bad;
	v->clusters = (uint32_t)((total - v->data_start) / v->sec_per_clus);
	v->fat_bits = v->clusters < 4085 ? 12 : v->clusters < 65525 ? 16 : 32;
	if (v->fat_bits == 32) {
		v->root_clus = le32_get(bs + 0x2C);
		if (root_ents || le16_get(bs + 0x16) || v->root_clus < 2
		    || v->root_clus - 2 >= v->clusters)
			goto bad;
	} else if (!root_ents) {
		goto bad;
	}
	/* Every cluster must have its entry inside the first FAT. */
	fat_entries = fat_secs * v->bytes_per_sec * 8 / v->fat_bits;
	if (fat_entries < (uint64_t)v->clusters + 2)
		goto bad;
	return 0;
bad:
	return err_set(e, EINVAL, _("There is no valid FAT boot sector at byte %llu."),
		       (unsigned long long)off);
}

/* The FAT entry of cluster c: *next is the following cluster, 0 at the
 * end of the chain. 1 when the entry is free, bad or out of range. */
static int next_cluster(int fd, uint64_t off, const struct fatmap_vol *v, uint32_t c,
			uint32_t *next, struct stoat_err *e)
{
	uint64_t base = (uint64_t)v->fat_start * v->bytes_per_sec;
	uint8_t b[4];
	uint32_t n, eoc;
	int rc;

	if (v->fat_bits == 12) {
		rc = vol_read(fd, off, base + c + c / 2, b, 2, e);
		n = le16_get(b);
		n = c & 1 ? n >> 4 : n & 0xFFF;
		eoc = 0xFF8;
	} else if (v->fat_bits == 16) {
		rc = vol_read(fd, off, base + 2ull * c, b, 2, e);
		n = le16_get(b);
		eoc = 0xFFF8;
	} else {
		rc = vol_read(fd, off, base + 4ull * c, b, 4, e);
		n = le32_get(b) & 0x0FFFFFFF;
		eoc = 0x0FFFFFF8;
	}
	if (rc < 0)
		return rc;
	if (n >= eoc) {
		*next = 0;
		return 0;
	}
	if (n < 2 || n - 2 >= v->clusters)
		return 1;
	*next = n;
	return 0;
}

/* First sector of cluster c. */
static uint32_t cluster_sector(const struct fatmap_vol *v, uint32_t c)
{
	return v->data_start + (c - 2) * v->sec_per_clus;
}

/* "LDLINUX SYS" -> "LDLINUX.SYS", for messages. */
static void show_name(const char name[11], char out[13])
{
	int b = 8, x = 3;

	while (b > 0 && name[b - 1] == ' ')
		b--;
	while (x > 0 && name[8 + x - 1] == ' ')
		x--;
	snprintf(out, 13, "%.*s%s%.*s", b, name, x ? "." : "", x, name + 8);
}

/* Find name's 32-byte entry in the root folder: the fixed area on
 * FAT12/16, a cluster chain on FAT32. */
static int find_entry(int fd, uint64_t off, const struct fatmap_vol *v, const char name[11],
		      uint8_t ent[32], struct stoat_err *e)
{
	uint8_t *buf = malloc(v->bytes_per_sec);
	uint32_t sec = v->root_start, nsec = v->root_secs, clus = v->root_clus, steps = 0, i;
	char shown[13];
	unsigned k;
	int rc = 0;

	if (!buf)
		return err_set(e, ENOMEM, _("Out of memory."));
	show_name(name, shown);
	if (v->fat_bits == 32) {
		sec = cluster_sector(v, clus);
		nsec = v->sec_per_clus;
	}
	for (;;) {
		for (i = 0; i < nsec; i++) {
			rc = vol_read(fd, off, (uint64_t)(sec + i) * v->bytes_per_sec, buf,
				      v->bytes_per_sec, e);
			for (k = 0; rc == 0 && k < v->bytes_per_sec; k += 32) {
				const uint8_t *d = buf + k;

				if (d[0] == 0)
					goto missing;	/* no entries after this one */
				if (d[0] == 0xE5 || d[11] == ATTR_LFN || (d[11] & ATTR_VOLUME)
				    || memcmp(d, name, 11))
					continue;
				memcpy(ent, d, 32);
				if (d[11] & ATTR_DIR)
					rc = err_set(e, EISDIR, _("%s on the FAT volume is a folder."),
						     shown);
				goto out;
			}
			if (rc < 0)
				goto out;
		}
		if (v->fat_bits != 32)
			break;
		if ((rc = next_cluster(fd, off, v, clus, &clus, e)) < 0)
			goto out;
		if (rc > 0 || (clus && ++steps >= v->clusters)) {
			rc = err_set(e, EINVAL, _("The root folder of the FAT volume is broken."));
			goto out;
		}
		if (!clus)
			break;
		sec = cluster_sector(v, clus);
	}
missing:
	rc = err_set(e, ENOENT, _("%s is not in the root folder of the FAT volume."), shown);
out:
	free(buf);
	return rc;
}

/* Find name in the root folder and list the sectors of its chain. */
int fatmap_file(int fd, uint64_t off, const struct fatmap_vol *v, const char name[11],
		uint32_t *sec, unsigned max, struct fatmap_file *f, struct stoat_err *e)
{
	uint8_t ent[32] = { 0 };
	uint64_t need;
	uint32_t c, steps = 0;
	unsigned s;
	char shown[13];
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = find_entry(fd, off, v, name, ent, e)) < 0)
		return rc;
	f->attr = ent[11];
	f->size = le32_get(ent + 28);
	c = le16_get(ent + 26) | (v->fat_bits == 32 ? (uint32_t)le16_get(ent + 20) << 16 : 0);
	need = ((uint64_t)f->size + v->bytes_per_sec - 1) / v->bytes_per_sec;
	if (need > max)
		need = max;
	rc = c && (c < 2 || c - 2 >= v->clusters);
	while (rc == 0 && c && f->n < max) {
		for (s = 0; s < v->sec_per_clus && f->n < max; s++)
			sec[f->n++] = cluster_sector(v, c) + s;
		if (++steps > v->clusters)
			rc = 1;		/* a loop */
		else
			rc = next_cluster(fd, off, v, c, &c, e);
	}
	if (rc > 0 || (rc == 0 && f->n < need)) {
		show_name(name, shown);
		return err_set(e, EINVAL, _("The FAT cluster chain of %s is broken."), shown);
	}
	return rc;
}
