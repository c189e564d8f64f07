/* pace.c - the monotonic clock and the pace of progress reports. */
#include "config.h"

#include <time.h>

#include "pace.h"

#define PACE_REPORT_SECS 0.25	/* four reports a second at the most */

/* Seconds on the monotonic clock. */
double pace_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Whether a report is due (forced, or a quarter second since *last). */
bool pace_due(double *last, bool force)
{
	double now = pace_now();

	if (!force && now - *last < PACE_REPORT_SECS)
		return false;
	*last = now;
	return true;
}
