/* logfile.c - the --log file: one time-stamped line at a time, flushed at
 * once so that the file tells how far an interrupted install came. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "logfile.h"
#include "nls.h"

/* Open path for appending (close-on-exec) into *out. */
int logfile_open(const char *path, FILE **out, struct stoat_err *e)
{
	int err;

	*out = fopen(path, "ae");
	if (*out)
		return 0;
	err = errno;
	return err_set(e, err, _("cannot open the log file %s: %s"), path, strerror(err));
}

/* Append "YYYY-MM-DD HH:MM:SS line" (UTC) and flush. */
void logfile_line(FILE *f, const char *line)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;

	if (!f)
		return;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", gmtime_r(&now, &tm));
	fprintf(f, "%s %s\n", when, line);
	fflush(f);
}

/* Append each line of text as its own time-stamped line. */
void logfile_text(FILE *f, const char *text)
{
	char line[1024];
	const char *end;

	while (f && text && *text) {
		end = strchr(text, '\n');
		snprintf(line, sizeof(line), "%.*s", (int)(end ? (size_t)(end - text) : strlen(text)), text);
		logfile_line(f, line);
		text = end ? end + 1 : "";
	}
}

/* Close f. */
void logfile_close(FILE *f)
{
	if (f)
		fclose(f);
}
