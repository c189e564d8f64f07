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
	"   # an indented comment line\n"
	"prefix=\n"
	"kernel=/b.b00\n"
	"kernelopt=cdromBoot runweasel\n"
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
	is_str(b.kernelopt, "cdromBoot runweasel", "kernelopt; comment lines, indented or not, are skipped");
	ok(!b.has_prefix && !b.prefix[0], "an empty prefix= is no prefix, as mboot reads it");
	ok(b.has_build, "build= is there");
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

	ok(bootcfg_parse(crlf, strlen(crlf), &b, &e) == 0 &&
	   !strcmp(b.kernel, "/a") && !strcmp(b.modules[0], "/x"),
	   "keys are case-insensitive and CRLF line ends are accepted");
}

/* '#' is a comment only at a line's start, as VMware's loader reads it;
 * module entries keep their arguments; absent and empty lines differ. */
static void test_hash_and_args(void)
{
	static const char cfg[] =
		"title=Loading ESXi #2 installer\n"
		"\t# kernel=/commented.b00\n"
		"kernel=/b.b00\n"
		"kernelopt=runweasel ks=http://h/ks.cfg#frag\n"
		"modules=/k.b00 --- /s.v00 arg=1 x#y ---   /t.v00   two  words \n"
		"build=\n";
	struct bootcfg b;
	struct stoat_err e = { 0 };
	char path[16];
	const char *args;

	ok(bootcfg_parse(cfg, strlen(cfg), &b, &e) == 0, "parses: %s", e.msg);
	is_str(b.title, "Loading ESXi #2 installer", "'#' inside a value is part of it");
	is_str(b.kernel, "/b.b00", "an indented '#' line is a comment (its kernel= is not read)");
	is_str(b.kernelopt, "runweasel ks=http://h/ks.cfg#frag", "a URL fragment in kernelopt is kept");
	is_u64(b.n_modules, 3, "three modules");
	is_str(b.modules[1], "/s.v00 arg=1 x#y", "a module keeps its arguments, '#' and all");
	is_str(b.modules[2], "/t.v00   two  words", "blanks inside an entry stay, around it go");
	ok(!b.has_prefix, "no prefix= line: has_prefix is false");
	ok(b.has_build && !b.build[0], "an empty build= line: there, and empty");
	ok(bootcfg_split_entry(b.modules[1], path, sizeof(path), &args) == 0, "splits an entry");
	is_str(path, "/s.v00", "the path is the first word");
	is_str(args, "arg=1 x#y", "the arguments the rest");
	ok(bootcfg_split_entry("/k.b00", path, sizeof(path), &args) == 0 && !*args,
	   "an entry without arguments has \"\"");
	ok(bootcfg_split_entry("  ", path, sizeof(path), &args) == -EINVAL, "a blank entry is refused");
	ok(bootcfg_split_entry("/a-very-long-module-name.v00 x", path, sizeof(path), &args) == -ENAMETOOLONG,
	   "a path longer than the buffer is refused");
}

/* mboot's rules for what VMware's media never have but edited files do:
 * empty list entries, duplicate keys, empty and signed numbers, blanks
 * around '=', CRLF, tabs. */
static void test_loader_rules(void)
{
	static const char cfg[] =
		"\tkernel = /b.b00 \r\n"
		"prefix=ESXi-7.0\r\n"
		"prefix=\r\n"
		"kernelopt=runweasel\r\n"
		"KernelOpt=ks=usb:/KS.CFG\r\n"
		"modules=--- /a.v00 --- --- /b.v00 ---\t---   ---\r\n"
		"timeout=\r\n"
		"updated = -1\r\n"
		"bootstate=3\r\n"
		"nobootif=1\r\n";
	struct bootcfg b;
	struct stoat_err e = { 0 };

	ok(bootcfg_parse(cfg, strlen(cfg), &b, &e) == 0, "parses: %s", e.msg);
	is_str(b.kernel, "/b.b00", "blanks and a tab around key and value go");
	is_u64(b.n_modules, 2, "leading, doubled and trailing separators leave no empty module");
	is_str(b.modules[0], "/a.v00", "the first real entry");
	is_str(b.modules[1], "/b.v00", "the second");
	is_str(b.kernelopt, "ks=usb:/KS.CFG", "a key given twice (any case) keeps its last value");
	ok(!b.has_prefix && !b.prefix[0], "a later empty prefix= undoes an earlier one");
	is_u64((uint64_t)b.timeout, 0, "an empty timeout= is 0");
	ok(b.updated == -1, "a signed number is read");
	is_u64((uint64_t)b.bootstate, 3, "bootstate");
	ok(bootcfg_parse("kernel=/a\ntimeout=5s\n", 20, &b, &e) == -EINVAL && strstr(e.msg, "line 2"),
	   "a number with other characters is refused: %s", e.msg);
	ok(bootcfg_parse("kernel=/a\ntimeout=-\n", 19, &b, &e) == -EINVAL,
	   "a lone '-' is no number");
}

/* Words of a kernelopt that are no boot option: found, named, dropped. */
static void test_kopt_bad(void)
{
	char o[128] = "runweasel http://10.0.0.1/ks.cfg a=1 x\"y =v b.c-d:e=2";
	char first[16];

	is_u64((uint64_t)bootcfg_kopt_word_check("ks=http://h/k", 13), 0, "ks=URL is an option");
	is_u64((uint64_t)bootcfg_kopt_word_check("http://h/k", 10), BOOTCFG_KOPT_BADKEY,
	       "a URL without ks= has no key");
	is_u64((uint64_t)bootcfg_kopt_word_check("=v", 2), BOOTCFG_KOPT_BADKEY, "an empty key");
	is_u64((uint64_t)bootcfg_kopt_word_check("a=\"b\"", 5), BOOTCFG_KOPT_BADCHAR, "a quote");
	is_u64(bootcfg_kopt_bad_words(o, first, sizeof(first)), 3, "three words are no option");
	is_str(first, "http://10.0.0.1", "the first is named, cut to the buffer");
	is_u64((uint64_t)bootcfg_kopt_remove_bad(o), 3, "and dropped");
	is_str(o, "runweasel a=1 b.c-d:e=2", "the options keep their order");
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
	test_hash_and_args();
	test_loader_rules();
	test_kopt_bad();
	test_format();
	test_kopt();
	return tap_done();
}
