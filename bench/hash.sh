#!/bin/bash
# bench/hash.sh - SHA-256 as stoat hashes (nettle, 4 MiB pieces) against
# sha256sum, on the same bytes, in one run.
#
#   bench/hash.sh [BUILDDIR] [MiB]     (default ./build and 1024 MiB)
#
# A small C program linked with the backend (libstoat.a) and nettle fills a
# buffer with pseudo-random bytes and hashes it in memory the way the image
# and install code do (sha256_update on 4 MiB pieces, digest_hex at the
# end), five times; sha256sum reads the same bytes from a file in tmpfs,
# five times. Each side reports the median CPU time (user + system) as
# MB/s, so other load on the machine counts for less than in wall time; the
# two digests must agree. NETTLE_FAT_VERBOSE shows which code nettle's fat
# library chose. Not part of make check.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
mib=${2:-1024}
[ -f "$build/libstoat.a" ] || { echo "bench/hash.sh: build stoat first ($build/libstoat.a)" >&2; exit 1; }
for t in cc pkg-config sha256sum; do
	command -v $t >/dev/null || { echo "bench/hash.sh: $t is missing" >&2; exit 1; }
done

shm=/dev/shm
[ -d $shm ] && [ -w $shm ] || shm=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$shm/stoat-hash.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/hash.c" <<'C'
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <nettle/sha2.h>
#include "digest.h"

static double cpu_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	size_t len = (size_t)atoi(argv[1]) << 20, piece = 4 << 20, i;
	unsigned char *p = malloc(len), d[SHA256_DIGEST_SIZE];
	uint64_t x = 88172645463325252ull;
	double t[5];
	char hex[DIGEST_HEX_SIZE];
	FILE *f;
	int r;

	if (!p && len)
		return 1;
	for (i = 0; i + 8 <= len; i += 8) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		memcpy(p + i, &x, 8);
	}
	if (!(f = fopen(argv[2], "wb")) || fwrite(p, 1, len, f) != len || fclose(f))
		return 1;
	for (r = 0; r < 5; r++) {
		struct sha256_ctx c;
		double t0 = cpu_now();

		sha256_init(&c);
		for (i = 0; i < len; i += piece)
			sha256_update(&c, len - i < piece ? len - i : piece, p + i);
		sha256_digest(&c, SHA256_DIGEST_SIZE, d);
		t[r] = cpu_now() - t0;
	}
	digest_hex(d, hex);
	qsort(t, 5, sizeof(t[0]), cmp);
	printf("%s %.3f\n", hex, t[2]);
	return 0;
}
C
# shellcheck disable=SC2046
cc -std=gnu11 -O2 -I"$build" -I"$top/src" $(pkg-config --cflags nettle) "$tmp/hash.c" \
	"$build/libstoat.a" $(pkg-config --libs nettle) -o "$tmp/hash"

echo "# $mib MiB of pseudo-random bytes; nettle $(pkg-config --modversion nettle)"
# nettle's fat library reports its choice when it loads (0 MiB: nothing else).
report=$(NETTLE_FAT_VERBOSE=1 "$tmp/hash" 0 /dev/null 2>&1 >/dev/null || true)
if ! grep -q 'fat library' <<<"$report"; then
	echo "# nettle is not a fat build: it does not say which SHA-256 code it uses"
elif grep -q 'libnettle: using sha_ni' <<<"$report"; then
	echo "# nettle hashes with the SHA extensions (sha_ni)"
else
	echo "# nettle hashes without the SHA extensions: $(grep 'cpu features' <<<"$report" | sed 's/^libnettle: //')"
fi
read -r ours ours_s < <("$tmp/hash" "$mib" "$tmp/data")

times=()
for _ in 1 2 3 4 5; do
	s=$( { TIMEFORMAT='%U %S'; time sha256sum "$tmp/data" >"$tmp/sum"; } 2>&1 )
	times+=("$(echo "$s" | awk '{print $1 + $2}')")
done
theirs=$(cut -d' ' -f1 "$tmp/sum")
theirs_s=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 3p)

awk -v mib="$mib" -v a="$ours_s" -v b="$theirs_s" 'BEGIN {
	n = mib * 1048576
	printf "stoat (nettle, 4 MiB pieces): %6.3f s CPU  %6.0f MB/s\n", a, n / a / 1e6
	printf "sha256sum (file in tmpfs):    %6.3f s CPU  %6.0f MB/s\n", b, n / b / 1e6
}'
if [ "$ours" = "$theirs" ]; then
	echo "digests agree: $ours"
else
	echo "bench/hash.sh: digests differ: stoat $ours, sha256sum $theirs" >&2
	exit 1
fi
