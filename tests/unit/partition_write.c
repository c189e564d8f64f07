/* partition_write.c - test helper, not a test: plan for a device or image
 * file and write the plan with partition_apply(), so the integration tests
 * can check the result with sgdisk, blkid and their own reader.
 *
 * partition_write [--layout esxi6|esxi7] [--flash] [--novmfsondisk]
 *                 [--system-media-size S] [--gptmbr FILE] [--no-reread] TARGET
 * Prints the plan (partedUtil format) on stdout, warnings on stderr. */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "layout.h"
#include "partition.h"

/* Size and logical sector size of a block device or image file. */
static int target_size(const char *path, uint64_t *bytes, unsigned *ss)
{
	struct stat st;
	int fd, s = 512;

	if (stat(path, &st) < 0)
		return -1;
	*ss = 512;
	if (!S_ISBLK(st.st_mode)) {
		*bytes = (uint64_t)st.st_size;
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (ioctl(fd, BLKGETSIZE64, bytes) < 0 || ioctl(fd, BLKSSZGET, &s) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	*ss = (unsigned)s;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "layout", 1, NULL, 'l' }, { "flash", 0, NULL, 'f' },
		{ "novmfsondisk", 0, NULL, 'n' }, { "system-media-size", 1, NULL, 's' },
		{ "gptmbr", 1, NULL, 'g' }, { "no-reread", 0, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	enum layout_profile prof = LAYOUT_ESXI6;
	struct layout_opts lopts = { 0 };
	struct partition_opts popts = { 0 };
	struct stoat_err e = { 0 };
	struct layout l;
	char buf[2048], warn[512];
	bool flash = false;
	uint64_t bytes;
	unsigned ss;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (layout_profile_parse(optarg, &prof) < 0)
				return 2;
			break;
		case 'f': flash = true; break;
		case 'n': lopts.novmfsondisk = true; break;
		case 's':
			if (layout_media_size_parse(optarg, &lopts.media_size) < 0)
				return 2;
			break;
		case 'g': popts.gptmbr = optarg; break;
		case 'r': popts.no_reread = true; break;
		default: return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: partition_write [options] TARGET\n");
		return 2;
	}
	if (target_size(argv[optind], &bytes, &ss) < 0) {
		perror(argv[optind]);
		return 1;
	}
	if (layout_plan(bytes, ss, flash, prof, &lopts, &l, &e) < 0
	    || partition_apply(argv[optind], &l, &popts, warn, sizeof(warn), &e) < 0) {
		fprintf(stderr, "partition_write: %s\n", e.msg);
		return 1;
	}
	layout_format(&l, buf, sizeof(buf));
	fputs(buf, stdout);
	if (warn[0])
		fprintf(stderr, "warning: %s\n", warn);
	return 0;
}
