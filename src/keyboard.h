/* keyboard.h - the 28 keyboard layout names of REFERENCE.md section 6. */
#ifndef STOAT_KEYBOARD_H
#define STOAT_KEYBOARD_H

#include <stdbool.h>
#include <stddef.h>

#define KEYBOARD_DEFAULT "US Default"

extern const char *const keyboard_layouts[];	/* NULL-terminated */
size_t keyboard_count(void);
bool keyboard_valid(const char *name);		/* exact, case-insensitive */
const char *keyboard_canonical(const char *name); /* table spelling or NULL */

#endif
