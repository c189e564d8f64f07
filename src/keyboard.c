/* keyboard.c - the 28 keyboard layout names ESXi offers (REFERENCE.md
 * section 6, item 6), in the order the wizard lists them.
 *
 * The names are written to firstboot.json as they are, so they are not
 * translated; the wizard may show a translated label beside them. */
#include "config.h"

#include <stdlib.h>
#include <strings.h>

#include "keyboard.h"

const char *const keyboard_layouts[] = {
	"Belgian",
	"Brazilian",
	"Croatian",
	"Czechoslovakian",
	"Danish",
	"Estonian",
	"Finnish",
	"French",
	"German",
	"Greek",
	"Icelandic",
	"Italian",
	"Japanese",
	"Latin American",
	"Norwegian",
	"Polish",
	"Portuguese",
	"Russian",
	"Slovenian",
	"Spanish",
	"Swedish",
	"Swiss French",
	"Swiss German",
	"Turkish",
	KEYBOARD_DEFAULT,
	"US Dvorak",
	"Ukrainian",
	"United Kingdom",
	NULL,
};

/* How many layouts the table holds (28). */
size_t keyboard_count(void)
{
	size_t n = 0;

	while (keyboard_layouts[n])
		n++;
	return n;
}

/* The table's spelling of name (compared case-insensitively), or NULL. */
const char *keyboard_canonical(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; keyboard_layouts[i]; i++)
		if (!strcasecmp(keyboard_layouts[i], name))
			return keyboard_layouts[i];
	return NULL;
}

/* True when name is one of the layouts, ignoring case. */
bool keyboard_valid(const char *name)
{
	return keyboard_canonical(name) != NULL;
}
