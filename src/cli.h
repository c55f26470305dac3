/* cli — the command line read into options: what versus is asked to do,
 * or what is wrong with the asking. Prints nothing and exits nowhere: main
 * does both. */
#ifndef VERSUS_CLI_H
#define VERSUS_CLI_H

#include "buf.h"
#include "site.h"

#include <stdbool.h>

enum cli_action { CLI_RUN, CLI_HELP, CLI_VERSION, CLI_USAGE };

struct cli {
	struct site_opts site; /* its stop and progress are the caller's to set */
	bool serve, port_given;
	unsigned port;
	struct buf error;      /* CLI_USAGE: what is wrong, one line */
};

/* Read argv into c, which it initialises. The strings of c->site point
 * into argv. Returns what to do; c is released with cli_release. */
enum cli_action cli_parse(struct cli *c, int argc, char **argv);
void cli_release(struct cli *c);

#endif
