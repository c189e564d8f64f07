/* media_iso.c - look over an ISO9660 image before libarchive reads it.
 *
 * libarchive trusts an image's structures: it reserves a buffer as large
 * as the root folder's record says before it reads the folder, so an
 * image of 84 KB whose root folder claims 4 GiB makes it allocate 4 GiB
 * (fuzz_media found two). Here each volume descriptor's size and root
 * folder (primary, Joliet and other supplementary ones; Rock Ridge lives
 * in the same folder records), and every folder reachable from them, is
 * checked against the bytes the image really has, reading a bounded
 * amount. ECMA-119 (ISO 9660) gives the offsets. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_LINUX_FS_H
#include <linux/fs.h>
#endif

#include "array.h"
#include "io.h"
#include "le.h"
#include "media_priv.h"
#include "nls.h"

#define ISO_SECTOR 2048u		/* libarchive reads a root record in these */
#define ISO_VD_FIRST 16u		/* the descriptors start at sector 16 */
#define ISO_VD_MAX 512u			/* descriptors before the terminator */
#define ISO_DIR_MAX (16u << 20)		/* one folder; ESXi media's hold a few KiB */
#define ISO_DIRS_MAX 4096u		/* folders walked, all volumes together */
#define ISO_READ_MAX (64u << 20)	/* folder bytes read, all together */

/* Volume descriptor fields (ECMA-119 8.4) and folder record fields (9.1). */
#define VD_TYPE 0
#define VD_ID 1
#define VD_VOLID 40
#define VD_BLOCKS 80			/* volume space size, LE 32 */
#define VD_BLOCK_SIZE 128		/* logical block size, LE 16 */
#define VD_ROOT 156			/* the root folder's record */
#define DR_LEN 0
#define DR_EXTENT 2			/* LE 32, in logical blocks */
#define DR_SIZE 10			/* LE 32, bytes */
#define DR_FLAGS 25			/* bit 1: a folder */
#define DR_NAME_LEN 32
#define DR_NAME 33
#define DR_MIN 34

/* A folder found, to be walked once. */
struct iso_dir {
	uint64_t off;
	uint64_t size;
	uint32_t block;			/* logical block size of its volume */
	unsigned vol;			/* the volume descriptor it hangs from */
};

/* State of one look over an image. */
struct iso_scan {
	int fd;
	const char *path;
	uint64_t have;			/* bytes the image has */
	struct iso_dir *dir;
	size_t n_dir, cap_dir;
	uint64_t read;			/* folder bytes read so far */
	unsigned char blk[ISO_SECTOR];
};

/* Size of a regular file or block device; 0 when unknown. */
static uint64_t iso_size_of(int fd)
{
	struct stat st;
	uint64_t sz = 0;

	if (fstat(fd, &st) < 0)
		return 0;
	if (S_ISREG(st.st_mode))
		return (uint64_t)st.st_size;
#ifdef BLKGETSIZE64
	if (S_ISBLK(st.st_mode) && ioctl(fd, BLKGETSIZE64, &sz) == 0)
		return sz;
#endif
	return 0;
}

/* Check that a folder of size bytes at off (read in blocks of block
 * bytes) lies inside the image and is of a size install media can have. */
static int iso_check_extent(const struct iso_scan *s, uint64_t off, uint64_t size,
			    uint32_t block, bool root, struct stoat_err *e)
{
	uint64_t span = (size + block - 1) / block * block;	/* libarchive reads whole blocks */

	if (off > s->have || span > s->have - off)
		return root ? err_set(e, EIO, _("%s is a damaged ISO image: its root folder claims %llu bytes at byte %llu, past the image's end at %llu bytes"),
				      s->path, (unsigned long long)size, (unsigned long long)off,
				      (unsigned long long)s->have)
			    : err_set(e, EIO, _("%s is a damaged ISO image: a folder claims %llu bytes at byte %llu, past the image's end at %llu bytes"),
				      s->path, (unsigned long long)size, (unsigned long long)off,
				      (unsigned long long)s->have);
	if (size > ISO_DIR_MAX)
		return err_set(e, EFBIG, _("%s is not ESXi install media: a folder of the ISO image claims %llu bytes, more than the %u MiB stoat accepts"),
			       s->path, (unsigned long long)size, ISO_DIR_MAX >> 20);
	return 0;
}

/* Check a folder of volume vol and record it for the walk. A folder
 * seen before is not walked again: from another volume (the Joliet tree
 * may share the primary one's) it is fine, from its own it means the
 * folders loop, and libarchive would list them without end. */
static int iso_add_dir(struct iso_scan *s, uint64_t off, uint64_t size, uint32_t block,
		       unsigned vol, bool root, struct stoat_err *e)
{
	struct iso_dir *v;
	size_t i;
	int rc;

	if ((rc = iso_check_extent(s, off, size, block, root, e)) < 0)
		return rc;
	for (i = 0; i < s->n_dir; i++) {
		if (s->dir[i].off != off)
			continue;
		if (s->dir[i].vol == vol && !root)
			return err_set(e, ELOOP, _("%s is a damaged ISO image: its folders loop (the folder at byte %llu is listed twice)"),
				       s->path, (unsigned long long)off);
		return 0;
	}
	if (s->n_dir >= ISO_DIRS_MAX)
		return err_set(e, E2BIG, _("%s is not ESXi install media: its ISO image has more than %u folders, or folders that loop"),
			       s->path, ISO_DIRS_MAX);
	if (!(v = array_grow(s->dir, s->n_dir, &s->cap_dir, sizeof(*v), 16)))
		return err_set(e, ENOMEM, _("out of memory"));
	s->dir = v;
	s->dir[s->n_dir++] = (struct iso_dir){ off, size, block, vol };
	return 0;
}

/* Read one block of a folder into s->blk, within the read budget. */
static int iso_read_block(struct iso_scan *s, uint64_t off, uint32_t len, struct stoat_err *e)
{
	int rc;

	s->read += len;
	if (s->read > ISO_READ_MAX)
		return err_set(e, E2BIG, _("%s is not ESXi install media: its ISO image has more than %u folders, or folders that loop"),
			       s->path, ISO_DIRS_MAX);
	if ((rc = io_pread_exact(s->fd, s->blk, len, off)) < 0)
		return err_set(e, -rc, _("%s cannot be read: %s"), s->path, strerror(-rc));
	return 0;
}

/* Walk one folder: check each sub-folder its records name, as libarchive
 * reads them (records do not cross a block; "." and ".." are skipped). */
static int iso_walk_dir(struct iso_scan *s, const struct iso_dir *d, struct stoat_err *e)
{
	uint64_t pos;
	int rc;

	for (pos = 0; pos < d->size; pos += d->block) {
		const unsigned char *b = s->blk;
		uint32_t p = 0;

		if ((rc = iso_read_block(s, d->off + pos, d->block, e)) < 0)
			return rc;
		for (; p + DR_NAME < d->block && b[p + DR_LEN] && p + b[p + DR_LEN] <= d->block;
		     p += b[p + DR_LEN]) {
			const unsigned char *r = b + p;

			if (r[DR_LEN] < DR_MIN)
				break;		/* libarchive refuses the image itself */
			if (r[DR_NAME_LEN] == 1 && (r[DR_NAME] == 0 || r[DR_NAME] == 1))
				continue;
			if (!(r[DR_FLAGS] & 2))
				continue;	/* a file: libarchive checks it against the volume */
			rc = iso_add_dir(s, (uint64_t)le32_get(r + DR_EXTENT) * d->block,
					 le32_get(r + DR_SIZE), d->block, d->vol, false, e);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* One volume descriptor (primary or supplementary): its volume size
 * against the image, then its root folder. libarchive reads the root
 * record's extent in 2048-byte units and takes the root folder from the
 * first record there (the "." record). */
static int iso_check_vd(struct iso_scan *s, const unsigned char *vd, unsigned vol,
			struct stoat_err *e)
{
	uint32_t block = le16_get(vd + VD_BLOCK_SIZE);
	uint64_t need = (uint64_t)le32_get(vd + VD_BLOCKS) * block;
	uint64_t off = (uint64_t)le32_get(vd + VD_ROOT + DR_EXTENT) * ISO_SECTOR;
	uint64_t size = le32_get(vd + VD_ROOT + DR_SIZE);
	unsigned char dot[DR_MIN];
	int rc;

	if (s->have < need)
		return err_set(e, EIO, _("%s is a truncated ISO image: it has %llu of its %llu bytes"),
			       s->path, (unsigned long long)s->have, (unsigned long long)need);
	if (block != 512 && block != 1024 && block != 2048)
		return err_set(e, EIO, _("%s is a damaged ISO image: its logical block size is %u bytes, not 512, 1024 or 2048"),
			       s->path, block);
	if ((rc = iso_check_extent(s, off, size, 1, true, e)) < 0)
		return rc;
	if (size < DR_MIN || (rc = io_pread_exact(s->fd, dot, sizeof(dot), off)) < 0)
		return 0;	/* libarchive refuses the image itself */
	return iso_add_dir(s, (uint64_t)le32_get(dot + DR_EXTENT) * block,
			   le32_get(dot + DR_SIZE), block, vol, true, e);
}

/* Read the volume descriptors from sector 16 to the terminator: fetch
 * the volume id of the first primary one and (when check) check each
 * primary and supplementary one. */
static int iso_check_vds(struct iso_scan *s, bool check, char *volid, size_t volid_size,
			 struct stoat_err *e)
{
	unsigned char vd[ISO_SECTOR];
	bool have_volid = false;
	unsigned i;
	size_t n;
	int rc;

	for (i = ISO_VD_FIRST; i < ISO_VD_FIRST + ISO_VD_MAX; i++) {
		if (io_pread_exact(s->fd, vd, sizeof(vd), (uint64_t)i * ISO_SECTOR) < 0 ||
		    memcmp(vd + VD_ID, "CD001", 5) || vd[VD_TYPE] == 255)
			break;		/* the end, or nothing libarchive takes for ISO9660 */
		if (vd[VD_TYPE] != 1 && vd[VD_TYPE] != 2)
			continue;
		if (check && (rc = iso_check_vd(s, vd, i, e)) < 0)
			return rc;
		if (vd[VD_TYPE] == 1 && !have_volid && volid_size) {
			have_volid = true;
			n = 32 < volid_size - 1 ? 32 : volid_size - 1;
			memcpy(volid, vd + VD_VOLID, n);
			volid[n] = '\0';
			while (n && volid[n - 1] == ' ')
				volid[--n] = '\0';
		}
	}
	return 0;
}

/* Whether path is ISO9660; if so, check it whole (see media_priv.h). */
int media_iso_check(const char *path, char *volid, size_t volid_size,
		    struct stoat_err *e)
{
	struct iso_scan s = { .fd = -1, .path = path };
	unsigned char id[6];
	ssize_t got;
	size_t i;
	int rc;

	if (volid_size)
		volid[0] = '\0';
	if ((s.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(e, errno, _("%s cannot be opened: %s"), path, strerror(errno));
	s.have = iso_size_of(s.fd);
	got = io_pread_all(s.fd, id, sizeof(id), (uint64_t)ISO_VD_FIRST * ISO_SECTOR);
	if (got != (ssize_t)sizeof(id) || id[0] != 1 || memcmp(id + 1, "CD001", 5)) {
		close(s.fd);
		return 0;
	}
	if (s.have && s.have < (uint64_t)(ISO_VD_FIRST + 1) * ISO_SECTOR)
		rc = err_set(e, EIO, _("%s is a truncated ISO image: it ends inside its first volume descriptor"),
			     path);
	else		/* size unknown: nothing to check against */
		rc = iso_check_vds(&s, s.have != 0, volid, volid_size, e);
	for (i = 0; rc == 0 && i < s.n_dir; i++) {	/* the list grows as it is walked */
		struct iso_dir d = s.dir[i];

		rc = iso_walk_dir(&s, &d, e);
	}
	close(s.fd);
	free(s.dir);
	return rc < 0 ? rc : 1;
}
