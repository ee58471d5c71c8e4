/* Runs a command as root in a user namespace where no further user namespace may be created
 * (max_user_namespaces = 0 there), so the launcher meets a refused CLONE_NEWUSER as it would on a
 * host that forbids them, while every other namespace stays possible. Needs root.
 *
 *   pmat_sandbox_no_userns PROGRAM [ARGS...]      exit: the command's status, 1 on set-up error */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_file(const char *path, const char *text) {
   int fd = open(path, O_WRONLY | O_CLOEXEC);
   if (fd < 0)
      return -1;
   ssize_t n = write(fd, text, strlen(text));
   close(fd);
   return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* The parent, still root outside, gives the child's namespace the host's first 65536 ids. */
static int map_ids(pid_t child) {
   char path[64];
   snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)child);
   if (write_file(path, "0 0 65536\n") != 0)
      return -1;
   snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)child);
   return write_file(path, "0 0 65536\n");
}

static void run_child(int unshared, int mapped, char **argv) {
   char byte = 0;
   if (unshare(CLONE_NEWUSER) != 0 || write(unshared, "u", 1) != 1 || read(mapped, &byte, 1) != 1)
      _exit(1);
   if (write_file("/proc/sys/user/max_user_namespaces", "0\n") != 0)
      _exit(1);
   execv(argv[1], argv + 1);
   _exit(127);
}

/* Waits for the child to be in its namespace, maps its ids, and lets it go. */
static int prepare_child(pid_t child, int unshared, int mapped) {
   char byte = 0;
   if (child < 0 || read(unshared, &byte, 1) != 1 || map_ids(child) != 0)
      return -1;
   return write(mapped, "m", 1) == 1 ? 0 : -1;
}

int main(int argc, char **argv) {
   int unshared[2], mapped[2], status = 0;
   if (argc < 2 || pipe(unshared) != 0 || pipe(mapped) != 0)
      return 1;
   pid_t child = fork();
   if (child == 0)
      run_child(unshared[1], mapped[0], argv);
   if (prepare_child(child, unshared[0], mapped[1]) != 0 || waitpid(child, &status, 0) != child)
      return 1;
   return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
