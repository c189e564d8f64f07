/* keyboard.c - the 28 keyboard layout names ESXi offers (REFERENCE.md
 * section 6, item 6), in the order the wizard lists them.
 *
 * The names are written to firstboot.json as they are, so they are never
 * translated. They are marked N_() all the same: the wizard shows the
 * translation of a name beside it, as a description of the layout. */
#include "config.h"

#include <stdlib.h>
#include <strings.h>

#include "keyboard.h"
#include "nls.h"

/* TRANSLATORS: keyboard layout names stay English (they are identifiers);
   their translation is shown beside them: the layout's language or country,
   e.g. "Swiss German" -> "Tedesco (Svizzera)". */
const char *const keyboard_layouts[] = {
	N_("Belgian"),
	N_("Brazilian"),
	N_("Croatian"),
	N_("Czechoslovakian"),
	N_("Danish"),
	N_("Estonian"),
	N_("Finnish"),
	N_("French"),
	N_("German"),
	N_("Greek"),
	N_("Icelandic"),
	N_("Italian"),
	N_("Japanese"),
	N_("Latin American"),
	N_("Norwegian"),
	N_("Polish"),
	N_("Portuguese"),
	N_("Russian"),
	N_("Slovenian"),
	N_("Spanish"),
	N_("Swedish"),
	N_("Swiss French"),
	N_("Swiss German"),
	N_("Turkish"),
	N_("US Default"),	/* KEYBOARD_DEFAULT */
	N_("US Dvorak"),
	N_("Ukrainian"),
	N_("United Kingdom"),
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
