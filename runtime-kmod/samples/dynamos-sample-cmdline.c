// SPDX-License-Identifier: GPL-2.0
/*
 * dynamos-sample-cmdline.c - DynAMOS update module sample
 *
 * The module `dynamos build` generates from this update script:
 *
 *	update cmdline_hello {
 *	    source "hello.c";
 *	    replace cmdline_proc_show with cmdline_proc_show_v2;
 *	}
 *
 * Once the update is enabled, /proc/cmdline prints a marker before the
 * command line:
 *
 *	insmod dynamos-sample-cmdline.ko
 *	echo 1 > /sys/kernel/dynamos/cmdline_hello/enabled
 *	cat /proc/cmdline
 *	echo 0 > /sys/kernel/dynamos/cmdline_hello/enabled
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
#include <dynamos/update.h>

/*
 * The original function (static in fs/proc/cmdline.c).  Neither it nor
 * saved_command_line is exported: the build binds both to their addresses
 * in the running kernel.
 */
extern int cmdline_proc_show(struct seq_file *m, void *v);

/* From hello.c */
static int cmdline_proc_show_v2(struct seq_file *m, void *v)
{
	seq_printf(m, "[dynamos cmdline_hello] %s\n", saved_command_line);
	return 0;
}

static struct dynamos_func funcs[] = {
	{
		.name		= "cmdline_proc_show",
		.old_addr	= (unsigned long)&cmdline_proc_show,
		.old_size	= 0x2a,
		.fentry_off	= 0,
		.new_func	= cmdline_proc_show_v2,
	},
};

static struct dynamos_update update = {
	.name		= "cmdline_hello",
	.mod		= THIS_MODULE,
	.funcs		= funcs,
	.nr_funcs	= ARRAY_SIZE(funcs),
};

static int __init cmdline_hello_init(void)
{
	return dynamos_register_update(&update);
}

static void __exit cmdline_hello_exit(void)
{
	dynamos_unregister_update(&update);
}

module_init(cmdline_hello_init);
module_exit(cmdline_hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("DynAMOS update cmdline_hello: marker in /proc/cmdline");
