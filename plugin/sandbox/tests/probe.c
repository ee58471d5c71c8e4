// SPDX-License-Identifier: MIT
/* A hostile "bridge worker": each probe tries one way out of the sandbox. The tests run it both
 * inside pmat-sandbox-exec and outside (the positive control: the probe must succeed there, or
 * it proves nothing).
 *
 *   pmat_sandbox_probe PROBE [ARGS...]
 *
 * Exit 0: the forbidden thing worked (escaped). Exit 77: it was refused (contained; the errno is
 * printed). Exit 2: bad usage. Death by a signal (SIGSYS from seccomp, SIGKILL) is the other
 * contained outcome, classified by the test from the wait status. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"

static int write_outside(const char *path) {
   int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
   if (fd < 0)
      return refused("open for writing");
   ssize_t n = write(fd, "pwned\n", 6);
   close(fd);
   return n == 6 ? escaped("wrote outside the sandbox dir") : refused("write");
}

static int read_secret(const char *path) {
   char buffer[256];
   int fd = open(path, O_RDONLY | O_CLOEXEC);
   if (fd < 0)
      return refused("open the secret");
   ssize_t n = read(fd, buffer, sizeof(buffer));
   close(fd);
   return n > 0 ? escaped("read the host secret") : refused("read");
}

static int read_env(const char *name) {
   const char *value = getenv(name);
   if (value == NULL) {
      errno = ENOENT;
      return refused("getenv");
   }
   return escaped("read the host environment");
}

/* With "--expect-reply" the connection only counts if the far end answers "ok": that proves a
 * relayed connection really reached the host's listener. */
static int tcp_connect(int argc, char **argv) {
   struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
   inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
   int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   if (fd < 0)
      return refused("socket");
   if (connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0)
      return refused("connect");
   char reply[8] = "";
   int want_reply = argc > 3 && strcmp(argv[3], "--expect-reply") == 0;
   ssize_t n = want_reply ? recv(fd, reply, 2, MSG_WAITALL) : 2;
   close(fd);
   if (want_reply && (n != 2 || memcmp(reply, "ok", 2) != 0))
      return refused("no reply from the far end");
   return escaped("connected");
}

/* Sending may succeed locally; only the host can tell whether the datagram arrived. */
static int udp_send(const char *port) {
   struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port))};
   inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
   int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
   if (fd < 0)
      return refused("socket");
   ssize_t n = sendto(fd, "probe", 5, 0, (struct sockaddr *)&address, sizeof(address));
   close(fd);
   return n == 5 ? escaped("datagram sent") : refused("sendto");
}

static int ptrace_pid(const char *pid_text) {
   pid_t pid = (pid_t)atoi(pid_text);
   if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) != 0)
      return refused("PTRACE_ATTACH");
   waitpid(pid, NULL, __WALL);
   ptrace(PTRACE_DETACH, pid, NULL, NULL);
   return escaped("attached to the target");
}

/* With "--parent" the probe also goes for its own parent (the supervisor inside the sandbox). */
static int kill_pid(int argc, char **argv) {
   int parent_killed =
       argc > 3 && strcmp(argv[3], "--parent") == 0 && kill(getppid(), SIGKILL) == 0;
   if (parent_killed)
      printf("killed the parent %d\n", (int)getppid());
   if (kill((pid_t)atoi(argv[2]), SIGKILL) == 0)
      return escaped("killed the target");
   return parent_killed ? escaped("killed the parent") : refused("kill");
}

static int fork_bomb(const char *count_text) {
   enum { MAX_CHILDREN = 4096 };
   static pid_t children[MAX_CHILDREN];
   int count = atoi(count_text), made = 0;
   for (; made < count && made < MAX_CHILDREN; ++made) {
      pid_t child = fork();
      if (child < 0)
         break;
      if (child == 0) {
         pause();
         _exit(0);
      }
      children[made] = child;
   }
   int saved = errno;
   for (int i = 0; i < made; ++i)
      kill(children[i], SIGKILL);
   for (int i = 0; i < made; ++i)
      waitpid(children[i], NULL, 0);
   errno = saved;
   printf("forked %d of %d\n", made, count);
   return made == count ? escaped("forked them all") : refused("fork");
}

static int memory_bomb(const char *mib_text) {
   long mib = atol(mib_text), got = 0;
   for (; got < mib; got += 16) {
      char *block = malloc(16L << 20);
      if (block == NULL)
         break;
      memset(block, 0x5a, 16L << 20);
   }
   printf("allocated %ld of %ld MiB\n", got, mib);
   if (got >= mib)
      return escaped("allocated it all");
   errno = ENOMEM;
   return refused("malloc");
}

static int leaked_fds(void) {
   DIR *dir = opendir("/proc/self/fd");
   if (dir == NULL)
      return refused("opendir /proc/self/fd");
   int leaks = 0;
   for (struct dirent *entry = readdir(dir); entry != NULL; entry = readdir(dir)) {
      int fd = atoi(entry->d_name);
      if (entry->d_name[0] == '.' || fd <= 2 || fd == dirfd(dir))
         continue;
      char link[64], target[256] = "";
      snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
      ssize_t n = readlink(link, target, sizeof(target) - 1);
      target[n > 0 ? n : 0] = '\0';
      printf("inherited fd %d -> %s\n", fd, target);
      ++leaks;
   }
   closedir(dir);
   errno = 0;
   return leaks > 0 ? escaped("found inherited fds") : refused("no fd above 2");
}

/* Pushes a character into a terminal's input queue: on the host's controlling terminal that
 * would type commands into the user's shell. Tried on a fresh pty and on fds 0-2. */
static int tiocsti(void) {
   char c = 'x';
   int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
   if (master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0) {
      int slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (slave >= 0 && ioctl(slave, TIOCSTI, &c) == 0)
         return escaped("TIOCSTI on a pty");
      printf("pty: %s\n", strerror(errno));
   } else {
      printf("no pty: %s\n", strerror(errno));
   }
   for (int fd = 0; fd <= 2; ++fd) {
      if (ioctl(fd, TIOCSTI, &c) == 0)
         return escaped("TIOCSTI on an inherited fd");
   }
   return refused("TIOCSTI");
}

static int io_uring(void) {
   struct io_uring_params params;
   memset(&params, 0, sizeof(params));
   long fd = syscall(__NR_io_uring_setup, 4, &params);
   if (fd < 0)
      return refused("io_uring_setup");
   close((int)fd);
   return escaped("got an io_uring");
}

static int unshare_user(void) {
   return unshare(CLONE_NEWUSER) == 0 ? escaped("new user namespace") : refused("unshare");
}

static int mount_tmpfs(const char *dir) {
   if (mount("pmat-probe", dir, "tmpfs", 0, NULL) != 0)
      return refused("mount");
   umount2(dir, MNT_DETACH);
   return escaped("mounted a tmpfs");
}

static int exec_binary(int argc, char **argv) {
   (void)argc;
   execv(argv[2], argv + 2);
   return refused("execv");
}

static int setuid_root(void) {
   if (setuid(0) != 0)
      return refused("setuid(0)");
   return getuid() == 0 ? escaped("uid 0") : refused("uid is not 0");
}

/* The i386 getpid (20) through the 32-bit entry point; seccomp filters that only check the
 * x86_64 numbers would be bypassed by this (the filter must check the architecture). */
static int int80(void) {
   long result = 20;
   __asm__ volatile("int $0x80" : "+a"(result) : : "memory", "r8", "r9", "r10", "r11");
   printf("int 0x80 getpid -> %ld (pid %d)\n", result, (int)getpid());
   if (result > 0)
      return escaped("a 32-bit syscall ran");
   errno = (int)-result;
   return refused("int 0x80");
}

/* getpid through the x32 ABI (syscall number | 0x40000000). */
static int x32(void) {
   long result = syscall(0x40000000L | SYS_getpid);
   return result > 0 ? escaped("an x32 syscall ran") : refused("x32 getpid");
}

/* Adapters so every probe has the same signature for the table below. */
static int p_write_outside(int c, char **v) {
   (void)c;
   return write_outside(v[2]);
}
static int p_read_secret(int c, char **v) {
   (void)c;
   return read_secret(v[2]);
}
static int p_read_env(int c, char **v) {
   (void)c;
   return read_env(v[2]);
}
static int p_udp_send(int c, char **v) {
   (void)c;
   return udp_send(v[2]);
}
static int p_ptrace(int c, char **v) {
   (void)c;
   return ptrace_pid(v[2]);
}
static int p_fork_bomb(int c, char **v) {
   (void)c;
   return fork_bomb(v[2]);
}
static int p_memory_bomb(int c, char **v) {
   (void)c;
   return memory_bomb(v[2]);
}
static int p_mount(int c, char **v) {
   (void)c;
   return mount_tmpfs(v[2]);
}
static int p_leaked_fds(int c, char **v) {
   (void)c;
   (void)v;
   return leaked_fds();
}
static int p_tiocsti(int c, char **v) {
   (void)c;
   (void)v;
   return tiocsti();
}
static int p_io_uring(int c, char **v) {
   (void)c;
   (void)v;
   return io_uring();
}
static int p_unshare_user(int c, char **v) {
   (void)c;
   (void)v;
   return unshare_user();
}
static int p_setuid_root(int c, char **v) {
   (void)c;
   (void)v;
   return setuid_root();
}
static int p_int80(int c, char **v) {
   (void)c;
   (void)v;
   return int80();
}
static int p_x32(int c, char **v) {
   (void)c;
   (void)v;
   return x32();
}

/* Not a probe: says "waiting" and blocks until killed, so the lifetime tests have a payload
 * that only its sandbox's death can end. argv[2] is a token the test finds it by. */
static int p_wait(int argc, char **argv) {
   (void)argc;
   (void)argv;
   puts("waiting");
   for (;;)
      sleep(60);
   return USAGE; /* not reached */
}

struct probe {
   const char *name;
   int min_args; /* argc needed */
   int (*run)(int, char **);
};

static const struct probe k_probes[] = {
    {"write_outside", 3, p_write_outside},
    {"read_secret", 3, p_read_secret},
    {"read_env", 3, p_read_env},
    {"tcp_connect", 3, tcp_connect},
    {"udp_send", 3, p_udp_send},
    {"ptrace", 3, p_ptrace},
    {"kill", 3, kill_pid},
    {"fork_bomb", 3, p_fork_bomb},
    {"memory_bomb", 3, p_memory_bomb},
    {"leaked_fds", 2, p_leaked_fds},
    {"tiocsti", 2, p_tiocsti},
    {"io_uring", 2, p_io_uring},
    {"unshare_user", 2, p_unshare_user},
    {"mount", 3, p_mount},
    {"exec", 3, exec_binary},
    {"setuid_root", 2, p_setuid_root},
    {"int80", 2, p_int80},
    {"x32", 2, p_x32},
    {"wait", 3, p_wait},
    {"plant", 3, p_plant},
    {"read_plant", 3, p_read_plant},
    {"unix_listen", 4, p_unix_listen},
    {"unix_connect", 3, p_unix_connect},
    {"fill", 4, p_fill},
    {"memfd", 3, p_memfd},
    {"procs_memory", 4, p_procs_memory},
    {"personality", 2, p_personality},
    {"peek_process", 4, p_peek_process},
    {"many_connections", 4, p_many_connections},
};

int main(int argc, char **argv) {
   setvbuf(stdout, NULL, _IONBF, 0);
   for (size_t i = 0; argc > 1 && i < sizeof(k_probes) / sizeof(k_probes[0]); ++i) {
      if (strcmp(argv[1], k_probes[i].name) == 0 && argc >= k_probes[i].min_args)
         return k_probes[i].run(argc, argv);
   }
   fprintf(stderr, "usage: %s PROBE [ARGS...]\n", argv[0]);
   return USAGE;
}
