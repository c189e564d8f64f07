/* fuzz_kickstart.c - libFuzzer target for the kickstart reader.
 *
 * kickstart_load reads a path, so each input is written to ks.cfg in a
 * private scratch folder (on /dev/shm when it exists); %include lines are
 * resolved relative to it. A file that loads is also turned into plan
 * fields with kickstart_to_plan. Beyond "no crash": the hash is always a
 * hash, strings stay terminated, counts stay in range, a refusal carries a
 * message. */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kickstart.h"
#include "passwd.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop the run with a crash the fuzzer records. */
static void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz_kickstart: %s\n", what);
	abort();
}

static char fuzz_dir[200], fuzz_file[256];

/* Remove the scratch file and folder when the fuzzer exits. */
static void fuzz_cleanup(void)
{
	unlink(fuzz_file);
	rmdir(fuzz_dir);
}

/* The scratch file's path, made once per process. */
static const char *fuzz_path(void)
{
	if (fuzz_file[0])
		return fuzz_file;
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/stoat-fuzz-ks.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(fuzz_dir))
		fuzz_fail("cannot make a scratch folder");
	snprintf(fuzz_file, sizeof(fuzz_file), "%s/ks.cfg", fuzz_dir);
	atexit(fuzz_cleanup);
	return fuzz_file;
}

/* Write the input to the scratch file. */
static void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t off = 0;

	if (fd < 0)
		fuzz_fail("cannot write the scratch file");
	while (off < size) {
		ssize_t w = write(fd, data + off, size - off);

		if (w <= 0)
			fuzz_fail("short write to the scratch file");
		off += (size_t)w;
	}
	close(fd);
}

/* Checks on a kickstart that loaded. */
static void fuzz_check(const struct kickstart *ks)
{
	size_t i;

	/* an upgrade keeps the host's password: as in ESXi, it needs no rootpw */
	if (!memchr(ks->pwhash, '\0', sizeof(ks->pwhash)) ||
	    ((ks->pwhash[0] || ks->action != KS_UPGRADE) && !pw_hash_acceptable(ks->pwhash)))
		fuzz_fail("a loaded kickstart without an acceptable hash");
	if (ks->n_scripts > KS_MAX_SCRIPTS || ks->n_warnings > KS_MAX_WARNINGS)
		fuzz_fail("counts out of range");
	for (i = 0; i < ks->n_scripts; i++)
		if (!ks->scripts[i].body)
			fuzz_fail("a script without a body");
	for (i = 0; i < ks->n_warnings; i++)
		if (!memchr(ks->warnings[i], '\0', sizeof(ks->warnings[i])))
			fuzz_fail("warning not terminated");
}

/* One input: a whole kickstart file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kickstart ks;
	static struct install_plan plan;
	const char *path = fuzz_path();
	struct stoat_err e = { 0 };
	int rc;

	fuzz_write(path, data, size);
	memset(&ks, 0, sizeof(ks));
	rc = kickstart_load(path, &ks, &e);
	if (rc < 0) {
		if (!e.msg[0])
			fuzz_fail("refusal without a message");
		kickstart_free(&ks);
		return 0;
	}
	fuzz_check(&ks);
	plan_init(&plan);
	e.msg[0] = '\0';
	rc = kickstart_to_plan(&ks, &plan, &e);
	if (rc < 0 && !e.msg[0])
		fuzz_fail("kickstart_to_plan refused without a message");
	plan_free(&plan);
	kickstart_free(&ks);
	return 0;
}
