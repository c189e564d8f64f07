/* pace.h - the monotonic clock, and the pace of progress reports.
 *
 * Long jobs (flash, backup, probe, install sticks, network boot trees)
 * time themselves and hand progress to the front end at most four times
 * a second; both read the same clock through here. */
#ifndef STOAT_PACE_H
#define STOAT_PACE_H

#include <stdbool.h>

/* Seconds on the monotonic clock (from some fixed point). */
double pace_now(void);
/* Whether a progress report is due: when forced, or a quarter of a second
 * after *last; when it is, *last becomes now. */
bool pace_due(double *last, bool force);

#endif
