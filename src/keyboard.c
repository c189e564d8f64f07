/* keyboard.c - placeholder until the layout table lands. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "keyboard.h"

const char *const keyboard_layouts[] = { KEYBOARD_DEFAULT, NULL };
size_t keyboard_count(void) { return 1; }
bool keyboard_valid(const char *name) { return false; }
const char *keyboard_canonical(const char *name) { return NULL; }
