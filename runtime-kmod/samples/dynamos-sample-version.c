// SPDX-License-Identifier: GPL-2.0
/*
 * dynamos-sample-version.c - DynAMOS update module sample
 *
 * The module `dynamos build` generates from this update script:
 *
 *	update version_hello {
 *	    source "version.c";
 *	    replace version_proc_show with version_proc_show_v2;
 *	}
 *
 * Once the update is enabled, /proc/version prints a marker before the
 * kernel's banner.  It can be enabled side by side with cmdline_hello.
 *
 * The original's address and size are those of the kernel image the update
 * is built for (here Debian 12 6.1.0-57-cloud-amd64); the runtime core
 * refuses the update on any other image.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>
#include <dynamos/update.h>

/*
 * The original function (static in fs/proc/version.c), not exported: the
 * build binds it to its address in the running kernel.
 */
extern int version_proc_show(struct seq_file *m, void *v);

/* From version.c */
static int version_proc_show_v2(struct seq_file *m, void *v)
{
	seq_puts(m, "[dynamos version_hello] ");
	seq_printf(m, linux_proc_banner,
		   utsname()->sysname,
		   utsname()->release,
		   utsname()->version);
	return 0;
}

static struct dynamos_func funcs[] = {
	{
		.name		= "version_proc_show",
		.old_addr	= (unsigned long)&version_proc_show,
		.old_size	= 0x3a,
		.fentry_off	= 0,
		.new_func	= version_proc_show_v2,
	},
};

static struct dynamos_update update = {
	.name		= "version_hello",
	.mod		= THIS_MODULE,
	.funcs		= funcs,
	.nr_funcs	= ARRAY_SIZE(funcs),
};

static int __init version_hello_init(void)
{
	return dynamos_register_update(&update);
}

static void __exit version_hello_exit(void)
{
	dynamos_unregister_update(&update);
}

module_init(version_hello_init);
module_exit(version_hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("DynAMOS update version_hello: marker in /proc/version");
