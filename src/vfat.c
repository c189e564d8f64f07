/* vfat.c - FAT volumes at an offset: mkfs.fat into a scratch file copied
 * into place, mtools (mcopy, mmd, mattrib) with -i DEV@@OFFSET; file data
 * through pipes ("-"), never /dev/stdin or /dev/fd. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "io.h"
#include "nls.h"
#include "vfat.h"

#define VFAT_BUF (1u << 20)

struct vfat_put {
	struct child c;
	bool finished;		/* mcopy stopped early and was waited for */
	char what[256];
};

/* Write all of buf to fd, never raising SIGPIPE. */
static int write_all(int fd, const void *buf, size_t len)
{
	sigset_t pipe_set, old;
	int rc;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	rc = io_write_all(fd, buf, len);
	if (rc == -EPIPE) {
		struct timespec zero = { 0, 0 };

		sigtimedwait(&pipe_set, NULL, &zero);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* "DEV@@OFFSET" for mtools' -i. */
static void mtools_image(const struct vfat_vol *v, char *buf, size_t size)
{
	snprintf(buf, size, "%s@@%llu", v->dev, (unsigned long long)v->offset);
}

/* Run argv to its end; its error, if any, names argv[0]. */
static int run_tool(char *argv[], struct stoat_err *e)
{
	struct child c;
	int rc = child_start(argv, false, false, &c, e);

	return rc < 0 ? rc : child_finish(&c, argv[0], e);
}

/* Run mkfs.fat on the scratch file with the given extra options; label
 * NULL: none, and two reserved sectors (FAT16 boot banks); a label: FAT32
 * with mkfs.fat's own reserved sectors (its FSInfo and backup boot sector). */
static int run_mkfs(const char *file, const struct vfat_vol *v, uint32_t volid,
		    const char *fat, const char *spc, const char *label, struct stoat_err *e)
{
	char ss[16], id[16], hidden[32], kib[32];
	char *argv[22];
	int n = 0;

	snprintf(ss, sizeof(ss), "%u", v->sector_size);
	snprintf(id, sizeof(id), "%08x", volid);
	snprintf(hidden, sizeof(hidden), "%llu", (unsigned long long)(v->offset / v->sector_size));
	snprintf(kib, sizeof(kib), "%llu", (unsigned long long)(v->size / 1024));
	argv[n++] = "mkfs.fat";
	argv[n++] = "-C";
	if (fat) {
		argv[n++] = "-F";
		argv[n++] = (char *)fat;
	}
	if (spc) {
		argv[n++] = "-s";
		argv[n++] = (char *)spc;
	}
	if (label) {
		argv[n++] = "-n";
		argv[n++] = (char *)label;
	} else {
		/* Two reserved sectors: sector 1 carries the VMware marker. */
		argv[n++] = "-R";
		argv[n++] = "2";
	}
	argv[n++] = "-S";
	argv[n++] = ss;
	argv[n++] = "-i";
	argv[n++] = id;
	argv[n++] = "-h";
	argv[n++] = hidden;
	argv[n++] = (char *)file;
	argv[n++] = kib;
	argv[n] = NULL;
	unlink(file);
	return run_tool(argv, e);
}

/* Copy the parts of the scratch file mkfs.fat wrote (its data extents)
 * into the volume through devfd. */
static int copy_extents(int src, const struct vfat_vol *v, struct stoat_err *e)
{
	char *buf = malloc(VFAT_BUF);
	off_t end = lseek(src, 0, SEEK_END), pos = 0, data, hole;
	int rc = 0;

	if (!buf)
		return err_set(e, ENOMEM, _("out of memory"));
	while (pos < end) {
		data = lseek(src, pos, SEEK_DATA);
		if (data < 0 && errno == ENXIO)
			break;
		if (data < 0)
			data = pos;	/* no SEEK_DATA: copy everything */
		hole = lseek(src, data, SEEK_HOLE);
		if (hole < 0)
			hole = end;
		for (pos = data; pos < hole; ) {
			size_t want = (size_t)(hole - pos) < VFAT_BUF ? (size_t)(hole - pos) : VFAT_BUF;

			if ((rc = io_pread_exact(src, buf, want, (uint64_t)pos)) < 0) {
				rc = err_set(e, -rc, _("cannot read the formatted scratch file: %s"), strerror(-rc));
				goto out;
			}
			if ((rc = io_pwrite_all(v->devfd, buf, want, v->offset + (uint64_t)pos)) < 0) {
				rc = err_set(e, -rc, _("cannot write to %s: %s"), v->dev, strerror(-rc));
				goto out;
			}
			pos += (off_t)want;
		}
	}
out:
	free(buf);
	return rc;
}

/* Format v with fat ("16", "32"; label for FAT32): mkfs.fat into a
 * scratch file, copied in place. */
static int format_as(const struct vfat_vol *v, uint32_t volid, bool allow_fat12,
		     const char *fat, const char *label, struct stoat_err *e)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], file[4200];
	int rc, fd;

	snprintf(dir, sizeof(dir), "%s/stoat-mkfs.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return err_set(e, errno, _("cannot make a scratch folder for mkfs.fat in %s: %s"),
			       tmp && *tmp ? tmp : "/tmp", strerror(errno));
	snprintf(file, sizeof(file), "%s/fat.img", dir);
	rc = run_mkfs(file, v, volid, fat, NULL, label, e);
	if (rc < 0 && allow_fat12)
		rc = run_mkfs(file, v, volid, fat, "1", label, e);
	if (rc < 0 && allow_fat12)
		rc = run_mkfs(file, v, volid, NULL, NULL, label, e);
	if (rc == 0) {
		if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
			rc = err_set(e, errno, _("cannot read the formatted scratch file: %s"), strerror(errno));
		} else {
			rc = copy_extents(fd, v, e);
			close(fd);
		}
	}
	unlink(file);
	rmdir(dir);
	return rc;
}

/* Format v as FAT16 (see vfat.h). */
int vfat_format(const struct vfat_vol *v, uint32_t volid, bool allow_fat12,
		struct stoat_err *e)
{
	return format_as(v, volid, allow_fat12, "16", NULL, e);
}

/* Format v as FAT32 with a volume label (see vfat.h). */
int vfat_format32(const struct vfat_vol *v, uint32_t volid, const char *label,
		  struct stoat_err *e)
{
	return format_as(v, volid, false, "32", label, e);
}

/* Make a folder on the volume with mmd. */
int vfat_mkdir(const struct vfat_vol *v, const char *path, struct stoat_err *e)
{
	char img[4200], target[1024], *argv[8];

	mtools_image(v, img, sizeof(img));
	snprintf(target, sizeof(target), "::/%s", path);
	argv[0] = "mmd";
	argv[1] = "-D";
	argv[2] = "s";		/* an existing folder is fine */
	argv[3] = "-i";
	argv[4] = img;
	argv[5] = target;
	argv[6] = NULL;
	return run_tool(argv, e);
}

/* Change a file's attributes with mattrib. */
int vfat_attrib(const struct vfat_vol *v, const char *path, bool set, const char *which,
		struct stoat_err *e)
{
	char img[4200], target[1024], flags[4][3], *argv[10];
	int n = 0;
	unsigned i;

	mtools_image(v, img, sizeof(img));
	snprintf(target, sizeof(target), "::/%s", path);
	argv[n++] = "mattrib";
	argv[n++] = "-i";
	argv[n++] = img;
	for (i = 0; i < 4 && which[i]; i++) {
		flags[i][0] = set ? '+' : '-';
		flags[i][1] = which[i];
		flags[i][2] = '\0';
		argv[n++] = flags[i];
	}
	argv[n++] = target;
	argv[n] = NULL;
	return run_tool(argv, e);
}

/* Rename with mren, replacing a file of the new name. */
int vfat_rename(const struct vfat_vol *v, const char *from, const char *to,
		struct stoat_err *e)
{
	char img[4200], src[1024], dst[1024];
	/* -D o: replace the file of the new name */
	char *argv[] = { "mren", "-D", "o", "-i", img, src, dst, NULL };

	mtools_image(v, img, sizeof(img));
	snprintf(src, sizeof(src), "::/%s", from);
	snprintf(dst, sizeof(dst), "::/%s", to);
	return run_tool(argv, e);
}

/* Start mcopy writing path from a pipe. */
int vfat_put_begin(const struct vfat_vol *v, const char *path,
		   struct vfat_put **out, struct stoat_err *e)
{
	char img[4200], target[1024], *argv[10];
	struct vfat_put *w = calloc(1, sizeof(*w));
	int rc;

	*out = NULL;
	if (!w)
		return err_set(e, ENOMEM, _("out of memory"));
	mtools_image(v, img, sizeof(img));
	snprintf(target, sizeof(target), "::/%s", path);
	snprintf(w->what, sizeof(w->what), _("copying %s with mcopy"), path);
	argv[0] = "mcopy";
	argv[1] = "-o";		/* overwrite a file of that name */
	argv[2] = "-i";
	argv[3] = img;
	argv[4] = "-";		/* stdin: no /dev/stdin in a bare devtmpfs */
	argv[5] = target;
	argv[6] = NULL;
	if ((rc = child_start(argv, true, false, &w->c, e)) < 0) {
		free(w);
		return rc;
	}
	*out = w;
	return 0;
}

/* Feed the next piece of the file to mcopy. When mcopy has stopped
 * reading (it failed before the data, as without its code page), its own
 * message says why. */
int vfat_put_write(struct vfat_put *w, const void *buf, size_t len,
		   struct stoat_err *e)
{
	int rc = write_all(w->c.in, buf, len);

	if (rc == -EPIPE) {
		w->finished = true;
		if (child_finish(&w->c, w->what, e) < 0)
			return -e->code;
	}
	if (rc < 0)
		return err_set(e, -rc, _("%s: the copy stopped early (%s)"), w->what, strerror(-rc));
	return 0;
}

/* Close the pipe and wait for mcopy. */
int vfat_put_end(struct vfat_put *w, struct stoat_err *e)
{
	int rc = w->finished ? err_set(e, EPIPE, _("%s: the copy stopped early (%s)"), w->what,
				       strerror(EPIPE))
			     : child_finish(&w->c, w->what, e);

	free(w);
	return rc;
}

/* Stop mcopy after a failure; its result is ignored. */
void vfat_put_abort(struct vfat_put *w)
{
	struct stoat_err ignore;

	if (!w)
		return;
	if (!w->finished) {
		kill(w->c.pid, SIGTERM);
		child_finish(&w->c, w->what, &ignore);
	}
	free(w);
}

/* Write a whole file from memory. */
int vfat_put_buf(const struct vfat_vol *v, const char *path, const void *buf,
		 size_t len, struct stoat_err *e)
{
	struct vfat_put *w;
	int rc;

	if ((rc = vfat_put_begin(v, path, &w, e)) < 0)
		return rc;
	if ((rc = vfat_put_write(w, buf, len, e)) < 0) {
		vfat_put_abort(w);
		return rc;
	}
	return vfat_put_end(w, e);
}

/* Read path back through mcopy, piece by piece. */
int vfat_get(const struct vfat_vol *v, const char *path,
	     int (*fn)(void *ctx, const void *buf, size_t len), void *ctx,
	     struct stoat_err *e)
{
	char img[4200], src[1024], *argv[10], what[256];
	struct child c;
	char *buf = malloc(VFAT_BUF);
	ssize_t n;
	int rc;

	if (!buf)
		return err_set(e, ENOMEM, _("out of memory"));
	mtools_image(v, img, sizeof(img));
	snprintf(src, sizeof(src), "::/%s", path);
	snprintf(what, sizeof(what), _("reading %s back with mcopy"), path);
	argv[0] = "mcopy";
	argv[1] = "-n";
	argv[2] = "-i";
	argv[3] = img;
	argv[4] = src;
	argv[5] = "-";
	argv[6] = NULL;
	if ((rc = child_start(argv, false, true, &c, e)) < 0) {
		free(buf);
		return rc;
	}
	/* Whole buffers until a short one: the end of the file. */
	while ((n = io_read_all(c.out, buf, VFAT_BUF)) > 0)
		if ((rc = fn(ctx, buf, (size_t)n)) < 0 || (size_t)n < VFAT_BUF)
			break;
	if (rc < 0)
		kill(c.pid, SIGTERM);
	free(buf);
	{
		int rc2 = child_finish(&c, what, e);

		if (rc < 0)
			return err_set(e, -rc, _("%s: stopped"), what);
		return rc2;
	}
}
