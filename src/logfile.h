/* logfile.h - the --log file: time-stamped lines appended to a file the
 * operator named. The unattended install and the wizard both write it. */
#ifndef STOAT_LOGFILE_H
#define STOAT_LOGFILE_H

#include <stdio.h>

#include "err.h"

/* Open path for appending (close-on-exec) into *out: 0, or -errno with e
 * saying which file could not be opened and why. */
int logfile_open(const char *path, FILE **out, struct stoat_err *e);
/* Append "YYYY-MM-DD HH:MM:SS line" (UTC) and flush; nothing when f is NULL. */
void logfile_line(FILE *f, const char *line);
/* Append each line of text (lines end in \n; the last may not) as its
 * own time-stamped line; nothing when f or text is NULL. */
void logfile_text(FILE *f, const char *text);
/* Close f; nothing when it is NULL. */
void logfile_close(FILE *f);

#endif
