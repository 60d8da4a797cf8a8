/* Loads each file named on the command line into the kernel with BPF_BTF_LOAD and prints one line per
 * file: "OK", or "ERR <errno> <last line of the kernel's BTF verifier log>". Test helper for
 * validate.test.ts (compiled there with cc; needs root). */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char log_buf[1 << 22];

static int load(const void *data, unsigned size, int log)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.btf = (unsigned long)data;
	attr.btf_size = size;
	if (log) {
		attr.btf_log_buf = (unsigned long)log_buf;
		attr.btf_log_size = sizeof(log_buf);
		attr.btf_log_level = 1;
	}
	log_buf[0] = 0;
	return syscall(SYS_bpf, BPF_BTF_LOAD, &attr, sizeof(attr));
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		long size;
		char *buf;
		int fd, err;

		if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
			printf("IOERR\n");
			continue;
		}
		buf = malloc(size ? size : 1);
		if (fread(buf, 1, size, f) != (size_t)size) {
			printf("IOERR\n");
			continue;
		}
		fclose(f);
		fd = load(buf, size, 0);
		if (fd >= 0) {
			printf("OK\n");
			close(fd);
		} else {
			char *line, *last = "";
			err = errno;
			load(buf, size, 1);
			for (line = strtok(log_buf, "\n"); line; line = strtok(NULL, "\n"))
				last = line;
			printf("ERR %d %s\n", err, last);
		}
		free(buf);
		fflush(stdout);
	}
	return 0;
}
