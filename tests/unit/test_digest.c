/* test_digest.c - what stoat writes for a digest reads as sha256sum's own
 * output for the same bytes, and the build hashes with the SHA extensions
 * when the CPU has them (nettle's fat library picks them at start-up; a
 * build against a nettle without them would hash several times slower). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "tap.h"

/* sha256sum's hex for len bytes at p (via a scratch file) into hex; 0 or -1. */
static int sha256sum_of(const char *dir, const void *p, size_t len, char hex[DIGEST_HEX_SIZE])
{
	char path[PATH_MAX], cmd[PATH_MAX + 32], line[256];
	FILE *f;
	int rc = -1;

	snprintf(path, sizeof(path), "%s/data", dir);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	if (fwrite(p, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "sha256sum '%s'", path);
	f = popen(cmd, "r");
	if (f && fgets(line, sizeof(line), f) && strlen(line) > 64 && line[64] == ' ') {
		memcpy(hex, line, 64);
		hex[64] = '\0';
		rc = 0;
	}
	if (f && pclose(f) != 0)
		rc = -1;
	unlink(path);
	return rc;
}

/* digest_buf then digest_hex, against sha256sum on the same bytes. */
static void check_against_sha256sum(const char *dir, const void *p, size_t len, const char *what)
{
	unsigned char d[SHA256_DIGEST_SIZE];
	char ours[DIGEST_HEX_SIZE], theirs[DIGEST_HEX_SIZE];

	if (sha256sum_of(dir, p, len, theirs) < 0) {
		skip("sha256sum did not run");
		return;
	}
	digest_buf(p, len, d);
	digest_hex(d, ours);
	is_str(ours, theirs, "%s: digest_buf + digest_hex read as sha256sum prints it", what);
}

/* Whether /proc/cpuinfo lists the SHA extensions. */
static int cpu_has_sha_ni(void)
{
	char line[4096];
	FILE *f = fopen("/proc/cpuinfo", "re");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "flags", 5) && strstr(line, " sha_ni");
	fclose(f);
	return found;
}

/* Load this very program again with NETTLE_FAT_VERBOSE=1: nettle's fat
 * library then says at start-up which SHA-256 code it chose. */
static void check_accelerated(void)
{
	char self[PATH_MAX], cmd[PATH_MAX + 64], line[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int fat = 0, ni = 0;
	FILE *f;

	if (!cpu_has_sha_ni()) {
		skip("this CPU has no SHA extensions (sha_ni)");
		return;
	}
	if (n <= 0) {
		skip("cannot find this program in /proc/self/exe");
		return;
	}
	self[n] = '\0';
	snprintf(cmd, sizeof(cmd), "NETTLE_FAT_VERBOSE=1 '%s' --load-only 2>&1", self);
	f = popen(cmd, "r");
	while (f && fgets(line, sizeof(line), f)) {
		fat |= strstr(line, "libnettle: fat library initialization") != NULL;
		ni |= strstr(line, "libnettle: using sha_ni instructions") != NULL;
	}
	if (f)
		pclose(f);
	if (!fat) {
		skip("nettle is not a fat build here: it does not say which SHA-256 code it uses");
		return;
	}
	ok(ni, "the CPU has sha_ni and the nettle stoat links hashes with it");
}

int main(int argc, char **argv)
{
	static const unsigned char seq[SHA256_DIGEST_SIZE] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
		0x10, 0x2f, 0x3e, 0x4d, 0x5c, 0x6b, 0x7a, 0x89, 0x98, 0xa7, 0xb6, 0xc5, 0xd4, 0xe3, 0xf2, 0xff,
	};
	char dir[] = "/tmp/stoat-test-digest.XXXXXX", hex[DIGEST_HEX_SIZE];
	size_t big = 1024 * 1024 + 3, i;
	unsigned char *p;

	if (argc > 1 && !strcmp(argv[1], "--load-only"))
		return 0;	/* check_accelerated's second run: nettle has spoken */

	digest_hex(seq, hex);
	is_str(hex, "000102030405060708090a0b0c0d0e0f102f3e4d5c6b7a8998a7b6c5d4e3f2ff", "digest_hex: two lower-case digits a byte, leading zeros kept");

	p = malloc(big);
	if (!p || !mkdtemp(dir)) {
		printf("Bail out! no memory or no scratch directory\n");
		return 1;
	}
	for (i = 0; i < big; i++)
		p[i] = (unsigned char)(i * 7 + i / 251);
	check_against_sha256sum(dir, "", 0, "no bytes");
	check_against_sha256sum(dir, p, 55, "55 bytes (padding fits one block)");
	check_against_sha256sum(dir, p, big, "1 MiB + 3 bytes");
	free(p);
	rmdir(dir);

	check_accelerated();
	return tap_done();
}
