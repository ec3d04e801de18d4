// SPDX-License-Identifier: GPL-2.0
#include <linux/errno.h>
#include <linux/net.h>
#include <linux/sockptr.h>

/* Refuses the call: a caller sees EDOM exactly when the predicate held. */
int sock_setsockopt_edom(struct socket *sock, int level, int optname, sockptr_t optval, unsigned int optlen)
{
	return -EDOM;
}
