/* io.c - whole reads and writes, retried on EINTR and short counts. */
#include "config.h"

#include <errno.h>
#include <sys/random.h>
#include <unistd.h>

#include "io.h"

/* Read up to len bytes, at off when positional; the count or -errno. */
static ssize_t read_loop(int fd, void *buf, size_t len, bool positional, uint64_t off)
{
	char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = positional ? pread(fd, p + done, len - done, (off_t)(off + done))
				       : read(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/* Write all len bytes, at off when positional: 0 or -errno. */
static int write_loop(int fd, const void *buf, size_t len, bool positional, uint64_t off)
{
	const char *p = buf;

	while (len) {
		ssize_t n = positional ? pwrite(fd, p, len, (off_t)off) : write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENOSPC;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Read up to len bytes; the count read (short only at end of file) or -errno. */
ssize_t io_read_all(int fd, void *buf, size_t len)
{
	return read_loop(fd, buf, len, false, 0);
}

/* Write all len bytes: 0, or -errno (-ENOSPC when write returns 0). */
int io_write_all(int fd, const void *buf, size_t len)
{
	return write_loop(fd, buf, len, false, 0);
}

/* pread up to len bytes at off; the count (short only at the end) or -errno. */
ssize_t io_pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	return read_loop(fd, buf, len, true, off);
}

/* pread exactly len bytes at off: 0, -EIO when the end comes first, or -errno. */
int io_pread_exact(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t n = io_pread_all(fd, buf, len, off);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

/* pwrite all len bytes at off: 0, or -errno (-ENOSPC when pwrite returns 0). */
int io_pwrite_all(int fd, const void *buf, size_t len, uint64_t off)
{
	return write_loop(fd, buf, len, true, off);
}

/* Fill buf with len random bytes from the kernel: 0 or -errno. */
int io_random(void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
