// SPDX-License-Identifier: GPL-2.0
/*
 * sethostname(2) with the name checked first: only letters, digits, '-' and
 * '.' (RFC 1123). A valid name goes to the kernel's own system call, entered
 * through orig___x64_sys_sethostname with the arguments in a pt_regs of its
 * own (so calls of both ABIs end up there).
 */
#include <linux/ctype.h>
#include <linux/ptrace.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

long hostname_checked(char __user *name, int len)
{
	struct pt_regs regs = { .di = (unsigned long)name, .si = len };
	char tmp[__NEW_UTS_LEN];
	int i;

	if (len > 0 && len <= __NEW_UTS_LEN) {
		if (copy_from_user(tmp, name, len))
			return -EFAULT;
		for (i = 0; i < len; i++) {
			if (!isalnum(tmp[i]) && tmp[i] != '-' && tmp[i] != '.') {
				pr_info("%s (%d): host name refused: byte %d is 0x%02x\n", current->comm,
					task_pid_nr(current), i, (unsigned char)tmp[i]);
				return -EINVAL;
			}
		}
	}
	return orig___x64_sys_sethostname(&regs);
}
