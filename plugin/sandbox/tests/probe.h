/* Shared by the probe program's files: the verdicts a probe exits with (see probe.c). */
#pragma once

#include <errno.h>
#include <stdio.h>
#include <string.h>

enum { ESCAPED = 0, USAGE = 2, CONTAINED = 77 };

static inline int refused(const char *what) {
   printf("contained: %s: %s\n", what, strerror(errno));
   return CONTAINED;
}

static inline int escaped(const char *what) {
   printf("escaped: %s\n", what);
   return ESCAPED;
}

/* Probes on what workers could share (probe_sharing.c): a home, a socket, memory, disk. */
int p_plant(int argc, char **argv);
int p_read_plant(int argc, char **argv);
int p_unix_listen(int argc, char **argv);
int p_unix_connect(int argc, char **argv);
int p_fill(int argc, char **argv);
int p_memfd(int argc, char **argv);
int p_procs_memory(int argc, char **argv);
int p_personality(int argc, char **argv);
int p_peek_process(int argc, char **argv);
int p_many_connections(int argc, char **argv);
