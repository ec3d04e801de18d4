/* setsockopt-probe OPTLEN: SO_KEEPALIVE on a UDP socket with OPTLEN bytes; prints "ret errno-name". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	char buf[128] = { 1 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int ret;

	if (fd < 0 || argc != 2)
		return 2;
	ret = setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, buf, (socklen_t)atoi(argv[1]));
	printf("%d %s\n", ret, ret ? (errno == EDOM ? "EDOM" : strerror(errno)) : "ok");
	return 0;
}
