/* SPDX-License-Identifier: GPL-2.0 */
/*
 * module.h - private to the core: functions and symbols of loadable
 * modules (module.c)
 */
#ifndef _DYNAMOS_MODULE_H
#define _DYNAMOS_MODULE_H

struct dynamos_rt_update;

/* Most distinct modules one update (with its phases) may reach into. */
#define DYNAMOS_MODULE_NAMES_MAX	16

int dynamos_module_attach(struct dynamos_rt_update *u);
int dynamos_module_check(struct dynamos_rt_update *u);
int dynamos_module_init(void);
void dynamos_module_exit(void);

/*
 * Kernel internals of kernel/module/ (internal.h), neither exported nor
 * declared in the installed headers; bound like every other such symbol.
 */
extern struct mutex module_mutex;
unsigned long find_kallsyms_symbol_value(struct module *mod, const char *name);

#endif /* _DYNAMOS_MODULE_H */
