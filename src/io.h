/* io.h - whole reads and writes on file descriptors.
 *
 * read(2) and write(2) may move fewer bytes than asked and fail with EINTR
 * when a signal arrives; every caller in stoat wants "all of it, or an
 * error", so the loops live here once (getrandom's as well). */
#ifndef STOAT_IO_H
#define STOAT_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Read up to len bytes; the count read (short only at end of file) or -errno. */
ssize_t io_read_all(int fd, void *buf, size_t len);
/* Write all len bytes: 0, or -errno (-ENOSPC when write returns 0). */
int io_write_all(int fd, const void *buf, size_t len);
/* pread up to len bytes at off; the count (short only at the end) or -errno. */
ssize_t io_pread_all(int fd, void *buf, size_t len, uint64_t off);
/* pread exactly len bytes at off: 0, -EIO when the end comes first, or -errno. */
int io_pread_exact(int fd, void *buf, size_t len, uint64_t off);
/* pwrite all len bytes at off: 0, or -errno (-ENOSPC when pwrite returns 0). */
int io_pwrite_all(int fd, const void *buf, size_t len, uint64_t off);
/* Fill buf with len random bytes from the kernel (getrandom, retried on
 * EINTR and short counts): 0 or -errno. */
int io_random(void *buf, size_t len);

#endif
