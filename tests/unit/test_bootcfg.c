/* test_bootcfg.c - boot.cfg parsing, rendering and kernelopt editing. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "tap.h"

static const char media_cfg[] =
	"bootstate=0\n"
	"title=Loading ESXi installer\n"
	"timeout=5\n"
	"# a comment line\n"
	"prefix=\n"
	"kernel=/b.b00\n"
	"kernelopt=cdromBoot runweasel  # trailing comment\n"
	"modules=/jumpstrt.gz --- /useropts.gz ---/k.b00--- /s.v00\n"
	"build=6.7.0-8169922\n"
	"updated=0\n";

/* Parse the media's boot.cfg and check every field. */
static void test_parse(void)
{
	static const char crlf[] = "KERNEL=/a\r\nModules=/x\r\n";
	struct bootcfg b;
	struct stoat_err e = { 0 };

	ok(bootcfg_parse(media_cfg, strlen(media_cfg), &b, &e) == 0, "media boot.cfg parses");
	is_str(b.title, "Loading ESXi installer", "title");
	is_str(b.kernel, "/b.b00", "kernel");
	is_str(b.kernelopt, "cdromBoot runweasel", "kernelopt without the comment");
	is_u64(b.n_modules, 4, "four modules, separators with or without blanks");
	is_str(b.modules[0], "/jumpstrt.gz", "first module");
	is_str(b.modules[2], "/k.b00", "module between tight separators");
	is_str(b.modules[3], "/s.v00", "last module");
	is_str(b.build, "6.7.0-8169922", "build");
	is_u64((uint64_t)b.timeout, 5, "timeout");

	ok(bootcfg_parse("title=x\n", 8, &b, &e) == -EINVAL && strstr(e.msg, "kernel="),
	   "no kernel= line is refused: %s", e.msg);
	ok(bootcfg_parse("kernel=/a\njunk\n", 15, &b, &e) == -EINVAL && strstr(e.msg, "line 2"),
	   "a line without '=' is refused naming the line: %s", e.msg);
	ok(bootcfg_parse("kernel=/a\nmodules=/x --- --- /y\n", 31, &b, &e) == -EINVAL,
	   "an empty module between separators is refused");
	ok(bootcfg_parse(crlf, strlen(crlf), &b, &e) == 0 &&
	   !strcmp(b.kernel, "/a") && !strcmp(b.modules[0], "/x"),
	   "keys are case-insensitive and CRLF line ends are accepted");
}

/* Render in the bootbank's key order, exactly. */
static void test_format(void)
{
	struct bootcfg b;
	struct stoat_err e = { 0 };
	char buf[1024];
	size_t n;

	bootcfg_parse(media_cfg, strlen(media_cfg), &b, &e);
	b.bootstate = 0;
	b.updated = 1;
	strcpy(b.title, "Loading VMware ESXi");
	strcpy(b.kernel, "b.b00");
	strcpy(b.kernelopt, "no-auto-partition");
	b.n_modules = 2;
	strcpy(b.modules[0], "k.b00");
	strcpy(b.modules[1], "onetime.tgz");
	n = bootcfg_format(&b, buf, sizeof(buf));
	is_str(buf,
	       "bootstate=0\ntitle=Loading VMware ESXi\ntimeout=5\nprefix=\n"
	       "kernel=b.b00\nkernelopt=no-auto-partition\n"
	       "modules=k.b00 --- onetime.tgz\nbuild=6.7.0-8169922\nupdated=1\n",
	       "rendered in REFERENCE order");
	is_u64(n, strlen(buf), "returns the length written");
	is_u64(bootcfg_format(&b, buf, 10), n, "a short buffer still reports the full length");
	is_u64(strlen(buf), 9, "and is cut, NUL-terminated");
}

/* Add once and never twice, keep order, remove. */
static void test_kopt(void)
{
	char o[64] = "cdromBoot runweasel foo=1";

	ok(bootcfg_kopt_has(o, "runweasel"), "has runweasel");
	ok(bootcfg_kopt_has(o, "FOO=2"), "has foo by key, any value and case");
	ok(!bootcfg_kopt_has(o, "fo"), "a key prefix is not a match");
	is_u64((uint64_t)bootcfg_kopt_remove(o, "runweasel"), 1, "removes one");
	is_str(o, "cdromBoot foo=1", "the others keep their order");
	bootcfg_kopt_remove(o, "cdromboot");
	is_str(o, "foo=1", "remove is case-insensitive");
	ok(bootcfg_kopt_add(o, sizeof(o), "preferVmklinux=TRUE") == 0, "add");
	is_str(o, "foo=1 preferVmklinux=TRUE", "appended at the end");
	bootcfg_kopt_add(o, sizeof(o), "preferVmklinux=TRUE");
	is_str(o, "foo=1 preferVmklinux=TRUE", "adding again does not duplicate");
	bootcfg_kopt_add(o, sizeof(o), "foo=2");
	is_str(o, "foo=2 preferVmklinux=TRUE", "a new value replaces in place");
	is_u64((uint64_t)bootcfg_kopt_remove(o, "preferVmklinux"), 1, "toggle off removes it");
	is_str(o, "foo=2", "and leaves the rest");
	strcpy(o, "a a=1 b A");
	bootcfg_kopt_add(o, sizeof(o), "a=3");
	is_str(o, "a=3 b", "duplicates of the key collapse into one");
	strcpy(o, "");
	bootcfg_kopt_add(o, sizeof(o), "x");
	is_str(o, "x", "add to an empty list");
	ok(bootcfg_kopt_add(o, 4, "abcdef") == -ENOSPC && !strcmp(o, "x"),
	   "too long: -ENOSPC and unchanged");
	ok(bootcfg_kopt_add(o, sizeof(o), "a b") == -EINVAL, "an option with a blank is refused");
}

int main(void)
{
	test_parse();
	test_format();
	test_kopt();
	return tap_done();
}
