/* sysfs.c - reading small sysfs attributes and links: one place for the
 * open, the whole read and the trimming that disk discovery, the partition
 * writer, the image target and the legacy-USB switch all need. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "sysfs.h"

/* Read the attribute at path into buf, trailing blanks cut. 0 or -errno. */
int sysfs_read_attr(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	if (!size)
		return -EINVAL;
	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = io_read_all(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return (int)n;
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		n--;
	buf[n] = '\0';
	return 0;
}

/* Read dir/file for showing: trimmed, control characters replaced. */
int sysfs_read_str(const char *dir, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX], tmp[512];
	size_t i, start = 0;
	int rc;

	if (size)
		buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((rc = sysfs_read_attr(path, tmp, sizeof(tmp))) < 0)
		return rc;
	while (tmp[start] == ' ' || tmp[start] == '\t')
		start++;
	for (i = start; tmp[i]; i++)
		if ((unsigned char)tmp[i] < 0x20 || tmp[i] == 0x7f)
			tmp[i] = '?';
	snprintf(buf, size, "%s", tmp + start);
	return 0;
}

/* Read a decimal number from dir/file; def when missing or garbled. */
unsigned long long sysfs_read_u64(const char *dir, const char *file,
				  unsigned long long def, bool *found)
{
	char buf[64], *end;
	unsigned long long v;
	int rc = sysfs_read_str(dir, file, buf, sizeof(buf));

	if (found)
		*found = rc >= 0;
	if (rc < 0 || buf[0] < '0' || buf[0] > '9')
		return def;
	errno = 0;
	v = strtoull(buf, &end, 10);
	return errno || *end ? def : v;
}

/* The base name of the target of dir/link into buf, or "". */
void sysfs_link_base(const char *dir, const char *link, char *buf, size_t size)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	if (size)
		buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, link);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	snprintf(buf, size, "%s", strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
}
