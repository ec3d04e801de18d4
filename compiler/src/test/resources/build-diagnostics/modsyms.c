// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/string.h>

extern int enabled;
struct kvm_vcpu;
bool kvm_vcpu_wake_up(struct kvm_vcpu *vcpu);
ssize_t bm_status_read(struct file *file, char __user *buf, size_t nbytes, loff_t *ppos);

ssize_t bm_status_read_v2(struct file *file, char __user *buf, size_t nbytes, loff_t *ppos)
{
	const char *s = enabled ? "on\n" : "off\n";

	if (!nbytes)
		return bm_status_read(file, buf, nbytes, ppos);
	return simple_read_from_buffer(buf, nbytes, ppos, s, strlen(s));
}

void kvm_vcpu_kick_v2(struct kvm_vcpu *vcpu)
{
	kvm_vcpu_wake_up(vcpu);
}
