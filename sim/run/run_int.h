/* run_int.h — what run.c and run_world.c share. Not for other modules. */
#ifndef MP_RUN_INT_H
#define MP_RUN_INT_H

#include "run/scenario.h"
#include "world/world.h"

/* The node a hop's box stands for (links are named by hops; SC_HOP_DNS is the
 * ISP's resolver), or NULL. */
node_t *run_node_of_hop(world_t *w, hop_t h);
/* Apply the scenario's changes to the world: users, DNS, hosts, links, domains. */
void run_shape_world(world_t *w, const scenario_t *sc);

#endif
