/* wizard.h - the one entry point of the ncurses front end.
 *
 * Deliberately free of curses types so src/main.c can include it. */
#ifndef STOAT_WIZARD_H
#define STOAT_WIZARD_H

struct stoat_opts;

/* Run the installer wizard; returns the process exit status. */
int wizard_run(const struct stoat_opts *o);

#endif
