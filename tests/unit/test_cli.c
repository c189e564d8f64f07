/* test_cli.c - the small parsers the command line relies on. */
#include "config.h"

#include "disk.h"
#include "layout.h"
#include "tap.h"

int main(void)
{
	struct disk_spec s;
	struct stoat_err e = { 0 };
	enum layout_profile p;
	enum layout_media_size ms;

	ok(disk_spec_parse("stick.img:usb", &s, &e) == 0, "FILE:usb parses");
	is_str(s.path, "stick.img", "suffix is cut from the path");
	ok(s.transport == TR_USB, "transport usb");
	ok(disk_spec_parse("card.img:sd", &s, &e) == 0 && s.transport == TR_SD, "FILE:sd");
	ok(disk_spec_parse("d.img:disk", &s, &e) == 0 && s.transport == TR_FILE, "FILE:disk");
	ok(disk_spec_parse("/tmp/a:b.img", &s, &e) == 0 && s.transport == TR_FILE
	   && !strcmp(s.path, "/tmp/a:b.img"), "an unknown suffix stays in the name");
	ok(disk_spec_parse(":usb", &s, &e) < 0 && e.msg[0], "':usb' alone is refused with a message");

	ok(layout_profile_parse("esxi6", &p) == 0 && p == LAYOUT_ESXI6, "esxi6");
	ok(layout_profile_parse("esxi7", &p) == 0 && p == LAYOUT_ESXI7, "esxi7");
	ok(layout_profile_parse("esxi8", &p) < 0, "esxi8 refused");
	ok(layout_media_size_parse("small", &ms) == 0 && ms == LAYOUT_MS_SMALL, "small");
	ok(layout_media_size_parse("huge", &ms) < 0, "huge refused");
	return tap_done();
}
