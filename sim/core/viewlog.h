/* viewlog.h — the world views of a trace, stored compactly.
 *
 * A world_view_t is a fixed-size snapshot (about 1.7 KB) and most events
 * change a few bytes of it, if any. The log stores views in blocks of
 * VIEWLOG_BLOCK: the first of a block whole (a checkpoint), each following one
 * as the byte runs that differ from the view before it. Reading view i decodes
 * at most VIEWLOG_BLOCK - 1 deltas from its block's checkpoint, or fewer from
 * a recently read view of the same block: O(1) in the length of the trace.
 * Appending is O(sizeof view). Old blocks can be dropped (serve's window). */
#ifndef MP_VIEWLOG_H
#define MP_VIEWLOG_H

#include <stddef.h>

#include "core/trace.h"

#define VIEWLOG_BLOCK 32
#define VIEWLOG_CACHE 4     /* views returned by viewlog_get() that stay valid */

typedef struct viewlog viewlog_t;

viewlog_t *viewlog_new(void);
void viewlog_free(viewlog_t *l);
/* Store v unless it equals the newest view; returns the index of the view
 * that describes it (the new one, or the newest). */
size_t viewlog_append(viewlog_t *l, const world_view_t *v);
size_t viewlog_count(const viewlog_t *l);   /* views stored, dropped ones included */
/* View i, or NULL when out of range or dropped. The pointer stays valid
 * until VIEWLOG_CACHE more calls of viewlog_get() (the newest is kept apart). */
const world_view_t *viewlog_get(const viewlog_t *l, size_t i);
/* Forget the blocks whose views all come before view i. */
void viewlog_drop_before(viewlog_t *l, size_t i);
size_t viewlog_bytes(const viewlog_t *l);   /* memory held by the stored views */

#endif
