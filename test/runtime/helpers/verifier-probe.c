/* Asks the kernel's verifier about small programs: reads lines "TYPE HEX" from stdin (TYPE a
 * BPF_PROG_TYPE number, HEX the instructions as 16-hex-digit little-endian words), loads each with
 * BPF_PROG_LOAD (license GPL), and prints "ok" or "err ERRNO FIRST-LOG-LINE-THAT-EXPLAINS" per line.
 * Used by the recording scripts of test/runtime/context and test/runtime/helpers (root needed). */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char logbuf[1 << 16];

int main(void) {
  char line[1 << 16];
  while (fgets(line, sizeof line, stdin)) {
    unsigned type = 0;
    char hex[sizeof line];
    if (sscanf(line, "%u %s", &type, hex) != 2) continue;
    size_t n = strlen(hex) / 16;
    uint64_t *insns = calloc(n, 8);
    for (size_t i = 0; i < n; i++) {
      uint8_t b[8];
      for (int j = 0; j < 8; j++) sscanf(hex + 16 * i + 2 * j, "%2hhx", &b[j]);
      memcpy(&insns[i], b, 8);
    }
    union bpf_attr a;
    memset(&a, 0, sizeof a);
    a.prog_type = type;
    a.insns = (uint64_t)(uintptr_t)insns;
    a.insn_cnt = n;
    a.license = (uint64_t)(uintptr_t)"GPL";
    a.log_buf = (uint64_t)(uintptr_t)logbuf;
    a.log_size = sizeof logbuf;
    a.log_level = 1;
    logbuf[0] = 0;
    int fd = syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof a);
    if (fd >= 0) {
      printf("ok\n");
      close(fd);
    } else {
      int e = errno;
      /* the last non-empty log line before "processed" is the verifier's reason */
      char *reason = "", *p = logbuf, *next;
      for (; *p; p = next) {
        next = strchr(p, '\n');
        if (!next) next = p + strlen(p); else *next++ = 0;
        if (!strncmp(p, "processed ", 10) || !*p) continue;
        reason = p;
      }
      printf("err %d %s\n", e, reason);
    }
    fflush(stdout);
    free(insns);
  }
  return 0;
}
