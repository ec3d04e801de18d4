// SPDX-License-Identifier: GPL-2.0
/*
 * descriptor.c - the core's own copy of an update module's descriptor
 *
 * An update module hands the core a struct dynamos_update that lives in
 * the module's data, which the module can write at any time and which a
 * bug (in the generator, in a hand-written module) can fill with anything.
 * At registration the core therefore reads the descriptor once, checks
 * every pointer before it follows it, and keeps a deep copy: from then on
 * it never reads the module's descriptor again.  The one exception is the
 * @value word of each knob, which the module's predicates read and the
 * core's sysfs files write.
 *
 * What is checked here is the shape: every table and every string lies in
 * the update module's core memory (not in its init memory, freed once
 * module_init returns; knob values in its writable data), strings are
 * NUL-terminated, printable and short, counts are bounded, and every code
 * pointer (a version, a predicate) is the start of a function in the
 * module's text.  Whether the descriptor matches the running kernel is
 * checked by the callers (core.c, versions.c, monitor.c, safepoint.c)
 * against this copy.  Each refusal is logged with the module's name and
 * the reason.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "dynamos.h"
#include "descriptor.h"

/* Longest names: a sysfs directory or file, a kernel symbol. */
#define DYNAMOS_NAME_MAX	63
#define DYNAMOS_SYM_MAX		(KSYM_NAME_LEN - 1)
#define DYNAMOS_MAX_VERSIONS	256
#define DYNAMOS_MAX_PHASES	64
#define DYNAMOS_MAX_MIGRATIONS	64
#define DYNAMOS_MAX_RESTARTS	8
#define DYNAMOS_MAX_SHADOWS	64

/* Does [@p, @p + @n) lie in @mod's core memory (text, rodata or data)? */
static bool dynamos_desc_in_core(const struct module *mod, const void *p,
				 size_t n)
{
	unsigned long base = (unsigned long)mod->core_layout.base;
	unsigned long a = (unsigned long)p;

	return n && a >= base && a - base < mod->core_layout.size &&
	       n <= mod->core_layout.size - (a - base);
}

/* Does an array of @nr elements of @size bytes at @p lie in @mod's core? */
static bool dynamos_desc_array_in_core(const struct module *mod, const void *p,
				       size_t nr, size_t size)
{
	size_t bytes;

	return !check_mul_overflow(nr, size, &bytes) &&
	       dynamos_desc_in_core(mod, p, bytes);
}

/* Is @p's whole array in @mod's writable data (after ro_after_init)? */
static bool dynamos_desc_array_in_data(const struct module *mod, const void *p,
				       size_t nr, size_t size)
{
	unsigned long a = (unsigned long)p;

	return dynamos_desc_array_in_core(mod, p, nr, size) &&
	       a - (unsigned long)mod->core_layout.base >=
			mod->core_layout.ro_after_init_size;
}

/*
 * A zeroed table for the core's copy of @nr entries of @size bytes at @src,
 * once @src is checked: at most @max entries, all in @mod's core memory.
 * @what names the table in the log.  Return: the table, ERR_PTR(-EINVAL)
 * (logged) or ERR_PTR(-ENOMEM).
 */
static void *dynamos_desc_table(const struct module *mod, const char *owner,
				const char *what, const void *src,
				unsigned int nr, unsigned int max, size_t size)
{
	void *t;

	if (nr > max || !dynamos_desc_array_in_core(mod, src, nr, size)) {
		pr_err("%s: malformed descriptor: its %s table (%u entries) is not in module %s, or has more than %u\n",
		       owner, what, nr, mod->name, max);
		return ERR_PTR(-EINVAL);
	}
	t = kcalloc(nr, size, GFP_KERNEL);
	return t ?: ERR_PTR(-ENOMEM);
}

/* Is @addr the first byte of a function in @mod's text? */
static bool dynamos_desc_is_code(const struct module *mod, const void *addr)
{
	unsigned long a = (unsigned long)addr, size, off;
	unsigned long base = (unsigned long)mod->core_layout.base;

	if (a < base || a - base >= mod->core_layout.text_size)
		return false;
	return kallsyms_lookup_size_offset(a, &size, &off) && !off;
}

/*
 * A copy of the string at @s, which must lie in @mod's core memory, end
 * within @max characters and consist of printable characters other than
 * space and '/'.  Return: the copy, ERR_PTR(-EINVAL) or ERR_PTR(-ENOMEM).
 */
static char *dynamos_desc_strdup(const struct module *mod, const char *s,
				 size_t max)
{
	unsigned long room, base = (unsigned long)mod->core_layout.base;
	size_t i, len;

	if (!dynamos_desc_in_core(mod, s, 1))
		return ERR_PTR(-EINVAL);
	room = base + mod->core_layout.size - (unsigned long)s;
	len = strnlen(s, min_t(size_t, room, max + 1));
	if (!len || len > max || len == room)
		return ERR_PTR(-EINVAL);
	for (i = 0; i < len; i++)
		if (!isgraph(s[i]) || s[i] == '/')
			return ERR_PTR(-EINVAL);
	return kmemdup_nul(s, len, GFP_KERNEL) ?: ERR_PTR(-ENOMEM);
}

/*
 * Copy a string field into *@dst; on failure log what and return the
 * error.  @what names the field for the log ("function 3", "knob 0").
 */
static int dynamos_desc_copy_name(const struct module *mod, const char *owner,
				  const char *what, const char *s, size_t max,
				  const char **dst)
{
	char *c = dynamos_desc_strdup(mod, s, max);

	if (IS_ERR(c)) {
		if (PTR_ERR(c) == -EINVAL)
			pr_err("%s: malformed descriptor: the name of %s is not a string of up to %zu printable characters in module %s\n",
			       owner, what, max, mod->name);
		return PTR_ERR(c);
	}
	*dst = c;
	return 0;
}

static int dynamos_desc_copy_versions(const struct module *mod,
				      const char *owner,
				      const struct dynamos_func *src,
				      struct dynamos_func *dst)
{
	struct dynamos_version *v;
	char what[32];
	unsigned int i;
	int ret;

	if (!src->nr_versions || src->nr_versions > DYNAMOS_MAX_VERSIONS ||
	    !dynamos_desc_array_in_core(mod, src->versions, src->nr_versions,
					sizeof(*src->versions))) {
		pr_err("%s: malformed descriptor: the version table of %s (%u entries) is not in module %s\n",
		       owner, dst->name, src->nr_versions, mod->name);
		return -EINVAL;
	}
	v = kcalloc(src->nr_versions, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	dst->versions = v;
	dst->nr_versions = src->nr_versions;

	for (i = 0; i < src->nr_versions; i++) {
		const struct dynamos_version *s = &src->versions[i];

		snprintf(what, sizeof(what), "version %u", i);
		ret = dynamos_desc_copy_name(mod, owner, what, s->name,
					     DYNAMOS_NAME_MAX, &v[i].name);
		if (ret)
			return ret;
		if ((s->func && !dynamos_desc_is_code(mod, s->func)) ||
		    (s->when && !dynamos_desc_is_code(mod, s->when))) {
			pr_err("%s: malformed descriptor: the code or predicate of version %s of %s is not a function of module %s\n",
			       owner, v[i].name, dst->name, mod->name);
			return -EINVAL;
		}
		v[i].func = s->func;
		v[i].when = s->when;
	}
	return 0;
}

/*
 * Copy the name of a loadable module whose symbols the update uses into
 * *@dst: a module name other than the update module's own.
 */
static int dynamos_desc_copy_objname(const struct module *mod,
				     const char *owner, const char *what,
				     const char *s, const char **dst)
{
	int ret;

	ret = dynamos_desc_copy_name(mod, owner, what, s, MODULE_NAME_LEN - 1,
				     dst);
	if (ret)
		return ret;
	if (!strcmp(*dst, mod->name) || !strcmp(*dst, "vmlinux")) {
		pr_err("%s: malformed descriptor: %s names module '%s', which is the update itself or the kernel image\n",
		       owner, what, *dst);
		return -EINVAL;
	}
	return 0;
}

static int dynamos_desc_copy_funcs(const struct module *mod,
				   const struct dynamos_func *src,
				   unsigned int nr, struct dynamos_update *d)
{
	struct dynamos_func *f;
	char what[32];
	unsigned int i;
	int ret;

	if (!nr)
		return 0;
	f = dynamos_desc_table(mod, d->name, "function", src, nr,
			       DYNAMOS_MAX_FUNCS, sizeof(*f));
	if (IS_ERR(f))
		return PTR_ERR(f);
	d->funcs = f;
	d->nr_funcs = nr;

	for (i = 0; i < nr; i++) {
		const struct dynamos_func *s = &src[i];

		snprintf(what, sizeof(what), "function %u", i);
		ret = dynamos_desc_copy_name(mod, d->name, what, s->name,
					     DYNAMOS_SYM_MAX, &f[i].name);
		if (ret)
			return ret;
		f[i].old_addr = s->old_addr;
		f[i].old_size = s->old_size;
		f[i].fentry_off = s->fentry_off;
		if (s->objname) {
			ret = dynamos_desc_copy_objname(mod, d->name, f[i].name,
							s->objname, &f[i].objname);
			if (ret)
				return ret;
			if (s->old_addr) {
				pr_err("%s: malformed descriptor: %s of module %s has an address; the core finds it when the module loads\n",
				       d->name, f[i].name, f[i].objname);
				return -EINVAL;
			}
		}
		if (s->versions) {
			ret = dynamos_desc_copy_versions(mod, d->name, s, &f[i]);
			if (ret)
				return ret;
		} else if (!dynamos_desc_is_code(mod, s->new_func)) {
			pr_err("%s: malformed descriptor: the new version of %s is not a function of module %s\n",
			       d->name, f[i].name, mod->name);
			return -EINVAL;
		} else {
			f[i].new_func = s->new_func;
		}
	}
	return 0;
}

static int dynamos_desc_copy_knobs(const struct module *mod,
				   const struct dynamos_update *src,
				   struct dynamos_desc *dd)
{
	struct dynamos_update *d = &dd->update;
	struct dynamos_knob *k;
	char what[32];
	unsigned int i;
	int ret;

	if (!src->nr_knobs)
		return 0;
	if (!dynamos_desc_array_in_data(mod, src->knobs, src->nr_knobs,
					sizeof(*src->knobs))) {
		pr_err("%s: malformed descriptor: its knob table (%u entries) is not in the writable data of module %s\n",
		       d->name, src->nr_knobs, mod->name);
		return -EINVAL;
	}
	k = kcalloc(src->nr_knobs, sizeof(*k), GFP_KERNEL);
	dd->knob_values = kcalloc(src->nr_knobs, sizeof(*dd->knob_values),
				  GFP_KERNEL);
	d->knobs = k;
	if (!k || !dd->knob_values)
		return -ENOMEM;
	d->nr_knobs = src->nr_knobs;

	for (i = 0; i < src->nr_knobs; i++) {
		const struct dynamos_knob *s = &src->knobs[i];

		snprintf(what, sizeof(what), "knob %u", i);
		ret = dynamos_desc_copy_name(mod, d->name, what, s->name,
					     DYNAMOS_NAME_MAX, &k[i].name);
		if (ret)
			return ret;
		k[i].type = s->type;
		k[i].min = s->min;
		k[i].max = s->max;
		k[i].value = READ_ONCE(s->value);
		dd->knob_values[i] = (u64 *)&s->value;
	}
	return 0;
}

static int dynamos_desc_copy_monitors(const struct module *mod,
				      const struct dynamos_update *src,
				      struct dynamos_update *d)
{
	struct dynamos_monitor *m;
	char what[32];
	unsigned int i;
	int ret;

	if (!src->nr_monitors)
		return 0;
	m = dynamos_desc_table(mod, d->name, "monitor", src->monitors,
			       src->nr_monitors, DYNAMOS_MAX_MONITORS, sizeof(*m));
	if (IS_ERR(m))
		return PTR_ERR(m);
	d->monitors = m;
	d->nr_monitors = src->nr_monitors;

	for (i = 0; i < src->nr_monitors; i++) {
		snprintf(what, sizeof(what), "monitor %u", i);
		ret = dynamos_desc_copy_name(mod, d->name, what,
					     src->monitors[i].name,
					     DYNAMOS_SYM_MAX, &m[i].name);
		if (ret)
			return ret;
		m[i].addr = src->monitors[i].addr;
	}
	return 0;
}

static int dynamos_desc_copy_safepoints(const struct module *mod,
					const struct dynamos_safepoint *src,
					unsigned int nr,
					struct dynamos_update *d)
{
	struct dynamos_safepoint *sp;
	unsigned int i, *idx;

	if (!nr)
		return 0;
	sp = dynamos_desc_table(mod, d->name, "safe point", src, nr,
				2 * DYNAMOS_MAX_FUNCS + 1, sizeof(*sp));
	if (IS_ERR(sp))
		return PTR_ERR(sp);
	d->safepoints = sp;
	d->nr_safepoints = nr;

	for (i = 0; i < nr; i++) {
		const struct dynamos_safepoint *s = &src[i];

		sp[i] = *s;
		sp[i].funcs = NULL;
		if (!s->nr_funcs)
			continue;
		if (s->nr_funcs > DYNAMOS_MAX_FUNCS ||
		    !dynamos_desc_array_in_core(mod, s->funcs, s->nr_funcs,
						sizeof(*s->funcs))) {
			pr_err("%s: malformed descriptor: the scope of safe point %u (%u functions) is not in module %s\n",
			       d->name, i, s->nr_funcs, mod->name);
			return -EINVAL;
		}
		idx = kmemdup(s->funcs, s->nr_funcs * sizeof(*idx), GFP_KERNEL);
		if (!idx)
			return -ENOMEM;
		sp[i].funcs = idx;
	}
	return 0;
}

/* Copy the activate and revert hooks, each NULL or a function of @mod. */
static int dynamos_desc_copy_hooks(const struct module *mod,
				   int (*activate)(void), void (*revert)(void),
				   struct dynamos_update *d)
{
	if ((activate && !dynamos_desc_is_code(mod, activate)) ||
	    (revert && !dynamos_desc_is_code(mod, revert))) {
		pr_err("%s: malformed descriptor: its activate or revert hook is not a function of module %s\n",
		       d->name, mod->name);
		return -EINVAL;
	}
	d->activate = activate;
	d->revert = revert;
	return 0;
}

static int dynamos_desc_copy_migrations(const struct module *mod,
					const struct dynamos_migration *src,
					unsigned int nr,
					struct dynamos_update *d)
{
	struct dynamos_migration *m;
	char what[32];
	unsigned int i;
	int ret;

	if (!nr)
		return 0;
	m = dynamos_desc_table(mod, d->name, "migration", src, nr,
			       DYNAMOS_MAX_MIGRATIONS, sizeof(*m));
	if (IS_ERR(m))
		return PTR_ERR(m);
	d->migrations = m;
	d->nr_migrations = nr;
	for (i = 0; i < nr; i++) {
		snprintf(what, sizeof(what), "migration %u", i);
		ret = dynamos_desc_copy_name(mod, d->name, what, src[i].name,
					     DYNAMOS_NAME_MAX, &m[i].name);
		if (ret)
			return ret;
		if (!dynamos_desc_is_code(mod, src[i].migrate)) {
			pr_err("%s: malformed descriptor: migration %s is not a function of module %s\n",
			       d->name, m[i].name, mod->name);
			return -EINVAL;
		}
		m[i].migrate = src[i].migrate;
	}
	return 0;
}

/*
 * Copy the thread restarts: each names the entry of its redirection in the
 * already copied @d->funcs, an unconditional one of the same name.  Whether
 * the core can restart the entry's threads is restart.c's to say.
 */
static int dynamos_desc_copy_restarts(const struct module *mod,
				      const struct dynamos_restart *src,
				      unsigned int nr,
				      struct dynamos_update *d)
{
	struct dynamos_restart *r;
	unsigned int i, j;
	char what[32];
	int ret;

	if (!nr)
		return 0;
	r = dynamos_desc_table(mod, d->name, "restart", src, nr,
			       DYNAMOS_MAX_RESTARTS, sizeof(*r));
	if (IS_ERR(r))
		return PTR_ERR(r);
	d->restarts = r;
	d->nr_restarts = nr;
	for (i = 0; i < nr; i++) {
		const struct dynamos_func *f;

		snprintf(what, sizeof(what), "restart %u", i);
		ret = dynamos_desc_copy_name(mod, d->name, what, src[i].entry,
					     DYNAMOS_SYM_MAX, &r[i].entry);
		if (ret)
			return ret;
		r[i].func = src[i].func;
		r[i].timeout_ms = src[i].timeout_ms;
		f = r[i].func < d->nr_funcs ? &d->funcs[r[i].func] : NULL;
		if (!f || strcmp(f->name, r[i].entry) || f->versions ||
		    r[i].timeout_ms > 3600U * 1000U) {
			pr_err("%s: malformed descriptor: the restart of %s does not name an unconditional redirection of it (function %u of %u), or waits more than an hour\n",
			       d->name, r[i].entry, r[i].func, d->nr_funcs);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (r[j].func == r[i].func) {
				pr_err("%s: malformed descriptor: %s is restarted twice\n",
				       d->name, r[i].entry);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* Copy the shadow fields: names, types, and the functions freeing their objects. */
static int dynamos_desc_copy_shadows(const struct module *mod,
				     const struct dynamos_shadow *src,
				     unsigned int nr, struct dynamos_update *d)
{
	struct dynamos_shadow *sh;
	unsigned int i, j;
	char what[32];
	int ret;

	if (!nr)
		return 0;
	sh = dynamos_desc_table(mod, d->name, "shadow", src, nr,
				DYNAMOS_MAX_SHADOWS, sizeof(*sh));
	if (IS_ERR(sh))
		return PTR_ERR(sh);
	d->shadows = sh;
	d->nr_shadows = nr;
	for (i = 0; i < nr; i++) {
		snprintf(what, sizeof(what), "shadow field %u", i);
		ret = dynamos_desc_copy_name(mod, d->name, what, src[i].name,
					     DYNAMOS_NAME_MAX, &sh[i].name);
		if (!ret)
			ret = dynamos_desc_copy_name(mod, d->name, what,
						     src[i].freed_by,
						     DYNAMOS_SYM_MAX,
						     &sh[i].freed_by);
		if (!ret)
			ret = dynamos_desc_copy_name(mod, d->name, what,
						     src[i].type,
						     DYNAMOS_NAME_MAX,
						     &sh[i].type);
		if (ret)
			return ret;
		sh[i].free_addr = src[i].free_addr;
		for (j = 0; j < i; j++) {
			if (!strcmp(sh[j].name, sh[i].name)) {
				pr_err("%s: malformed descriptor: two shadow fields %s\n",
				       d->name, sh[i].name);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/*
 * The addresses in loadable modules that the update's code uses: the core
 * writes each @addr, a word of the update module's writable data.
 */
static int dynamos_desc_copy_modsyms(const struct module *mod,
				     const struct dynamos_update *src,
				     struct dynamos_update *d)
{
	struct dynamos_modsym *m;
	char what[32];
	unsigned int i;
	int ret;

	if (!src->nr_modsyms)
		return 0;
	m = dynamos_desc_table(mod, d->name, "module symbol", src->modsyms,
			       src->nr_modsyms, DYNAMOS_MAX_FUNCS, sizeof(*m));
	if (IS_ERR(m))
		return PTR_ERR(m);
	d->modsyms = m;
	d->nr_modsyms = src->nr_modsyms;

	for (i = 0; i < src->nr_modsyms; i++) {
		const struct dynamos_modsym *s = &src->modsyms[i];

		snprintf(what, sizeof(what), "module symbol %u", i);
		ret = dynamos_desc_copy_name(mod, d->name, what, s->name,
					     DYNAMOS_SYM_MAX, &m[i].name);
		if (!ret)
			ret = dynamos_desc_copy_objname(mod, d->name, m[i].name,
							s->objname, &m[i].objname);
		if (ret)
			return ret;
		if (!dynamos_desc_array_in_data(mod, s->addr, 1, sizeof(*s->addr))) {
			pr_err("%s: malformed descriptor: the address variable of %s:%s is not in the writable data of module %s\n",
			       d->name, m[i].objname, m[i].name, mod->name);
			return -EINVAL;
		}
		m[i].offset = s->offset;
		m[i].addr = s->addr;
	}
	return 0;
}

/*
 * The phases of a multi-phase update: each becomes a descriptor of its
 * own, named <update>.<phase>, with the phase's functions and safe points.
 */
static int dynamos_desc_copy_phases(struct module *mod,
				    const struct dynamos_update *src,
				    struct dynamos_desc *dd)
{
	const struct dynamos_update *d = &dd->update;
	const char *name;
	unsigned int i, j;
	int ret;

	if (!src->nr_phases)
		return 0;
	if (src->nr_phases > DYNAMOS_MAX_PHASES || src->nr_funcs ||
	    src->nr_safepoints || src->nr_migrations || src->nr_restarts ||
	    !dynamos_desc_array_in_core(mod, src->phases, src->nr_phases,
					sizeof(*src->phases))) {
		pr_err("%s: malformed descriptor: its %u phases are not a table in module %s of at most %u, or it also has functions, safe points, migrations or restarts of its own\n",
		       d->name, src->nr_phases, mod->name, DYNAMOS_MAX_PHASES);
		return -EINVAL;
	}
	dd->phases = kcalloc(src->nr_phases, sizeof(*dd->phases), GFP_KERNEL);
	if (!dd->phases)
		return -ENOMEM;
	dd->nr_phases = src->nr_phases;

	for (i = 0; i < src->nr_phases; i++) {
		const struct dynamos_phase *p = &src->phases[i];
		struct dynamos_desc *pd;
		char what[32];

		pd = kzalloc(sizeof(*pd), GFP_KERNEL);
		if (!pd)
			return -ENOMEM;
		dd->phases[i] = pd;
		pd->update.mod = mod;
		snprintf(what, sizeof(what), "phase %u", i);
		ret = dynamos_desc_copy_name(mod, d->name, what, p->name,
					     DYNAMOS_NAME_MAX, &name);
		if (ret)
			return ret;
		pd->update.name = kasprintf(GFP_KERNEL, "%s.%s", d->name, name);
		if (!pd->update.name) {
			kfree(name);
			return -ENOMEM;
		}
		pd->phase_name = strrchr(pd->update.name, '.') + 1;
		kfree(name);
		if (strchr(pd->phase_name, '.') || !p->nr_funcs ||
		    p->nr_funcs > DYNAMOS_MAX_FUNCS) {
			pr_err("%s: malformed descriptor: phase %u has a '.' in its name, or no or too many functions (%u)\n",
			       d->name, i, p->nr_funcs);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(dd->phases[j]->phase_name, pd->phase_name)) {
				pr_err("%s: malformed descriptor: two phases named %s\n",
				       d->name, pd->phase_name);
				return -EINVAL;
			}
		}
		ret = dynamos_desc_copy_funcs(mod, p->funcs, p->nr_funcs,
					      &pd->update);
		if (!ret)
			ret = dynamos_desc_copy_safepoints(mod, p->safepoints,
							   p->nr_safepoints,
							   &pd->update);
		if (!ret)
			ret = dynamos_desc_copy_hooks(mod, p->activate, p->revert,
						      &pd->update);
		if (!ret)
			ret = dynamos_desc_copy_migrations(mod, p->migrations,
							   p->nr_migrations,
							   &pd->update);
		if (!ret)
			ret = dynamos_desc_copy_restarts(mod, p->restarts,
							 p->nr_restarts,
							 &pd->update);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The module whose core memory holds the whole descriptor @src, or NULL.
 * A registering module is coming or live, so it cannot go away meanwhile.
 */
static struct module *dynamos_desc_owner(const struct dynamos_update *src)
{
	struct module *mod;

	preempt_disable();
	mod = __module_address((unsigned long)src);
	preempt_enable();
	if (!mod || !dynamos_desc_in_core(mod, src, sizeof(*src)))
		return NULL;
	return mod;
}

/**
 * dynamos_desc_copy() - check an update module's descriptor and copy it
 * @src:	the descriptor passed to dynamos_register_update()
 *
 * Context: process context, registration (from the module's init).
 * Return: the copy, or ERR_PTR(-EINVAL) for a malformed descriptor (the
 * reason is logged), ERR_PTR(-ENOMEM).
 */
struct dynamos_desc *dynamos_desc_copy(const struct dynamos_update *src)
{
	struct dynamos_update *d;
	struct dynamos_desc *dd;
	struct module *mod;
	int ret;

	mod = src ? dynamos_desc_owner(src) : NULL;
	if (!mod) {
		pr_err("malformed descriptor: the update descriptor is not in the memory of a loaded module\n");
		return ERR_PTR(-EINVAL);
	}
	if (src->mod != mod) {
		pr_err("malformed descriptor: the update descriptor in module %s names another module as its own\n",
		       mod->name);
		return ERR_PTR(-EINVAL);
	}

	dd = kzalloc(sizeof(*dd), GFP_KERNEL);
	if (!dd)
		return ERR_PTR(-ENOMEM);
	d = &dd->update;
	d->mod = mod;
	ret = dynamos_desc_copy_name(mod, mod->name, "the update", src->name,
				     DYNAMOS_NAME_MAX, &d->name);
	if (ret)
		goto err;
	if (!dynamos_valid_name(d->name)) {
		pr_err("%s: malformed descriptor: not a valid update name\n",
		       d->name);
		ret = -EINVAL;
		goto err;
	}
	if ((!src->nr_funcs && !src->nr_monitors && !src->nr_phases) ||
	    src->nr_funcs > DYNAMOS_MAX_FUNCS ||
	    src->nr_knobs > DYNAMOS_MAX_KNOBS ||
	    src->nr_monitors > DYNAMOS_MAX_MONITORS) {
		pr_err("%s: malformed descriptor: %u functions, %u knobs, %u monitors (at most %u, %u, %u; a function, a monitor or a phase at least)\n",
		       d->name, src->nr_funcs, src->nr_knobs, src->nr_monitors,
		       DYNAMOS_MAX_FUNCS, DYNAMOS_MAX_KNOBS,
		       DYNAMOS_MAX_MONITORS);
		ret = -EINVAL;
		goto err;
	}

	ret = dynamos_desc_copy_funcs(mod, src->funcs, src->nr_funcs, d);
	if (!ret)
		ret = dynamos_desc_copy_knobs(mod, src, dd);
	if (!ret)
		ret = dynamos_desc_copy_monitors(mod, src, d);
	if (!ret)
		ret = dynamos_desc_copy_safepoints(mod, src->safepoints,
						   src->nr_safepoints, d);
	if (!ret)
		ret = dynamos_desc_copy_phases(mod, src, dd);
	if (!ret)
		ret = dynamos_desc_copy_hooks(mod, src->activate, src->revert, d);
	if (!ret)
		ret = dynamos_desc_copy_migrations(mod, src->migrations,
						   src->nr_migrations, d);
	if (!ret)
		ret = dynamos_desc_copy_restarts(mod, src->restarts,
						 src->nr_restarts, d);
	if (!ret)
		ret = dynamos_desc_copy_shadows(mod, src->shadows,
						src->nr_shadows, d);
	if (!ret)
		ret = dynamos_desc_copy_modsyms(mod, src, d);
	if (!ret && src->replaces)
		ret = dynamos_desc_copy_name(mod, d->name, "the update it replaces",
					     src->replaces, DYNAMOS_NAME_MAX,
					     &d->replaces);
	if (!ret && d->replaces && (!dynamos_valid_name(d->replaces) ||
				    !strcmp(d->replaces, d->name))) {
		pr_err("%s: malformed descriptor: it replaces '%s', not another update's valid name\n",
		       d->name, d->replaces);
		ret = -EINVAL;
	}
	if (ret)
		goto err;
	dd->shadow_keys = src->shadows;
	return dd;

err:
	dynamos_desc_free(dd);
	return ERR_PTR(ret);
}

/**
 * dynamos_desc_free() - free a copy made by dynamos_desc_copy()
 * @dd:	the copy, or NULL
 */
void dynamos_desc_free(struct dynamos_desc *dd)
{
	struct dynamos_update *d;
	unsigned int i, j;

	if (!dd)
		return;
	for (i = 0; dd->phases && i < dd->nr_phases; i++)
		dynamos_desc_free(dd->phases[i]);
	kfree(dd->phases);
	d = &dd->update;
	for (i = 0; d->funcs && i < d->nr_funcs; i++) {
		struct dynamos_func *f = &d->funcs[i];

		for (j = 0; f->versions && j < f->nr_versions; j++)
			kfree(f->versions[j].name);
		kfree(f->versions);
		kfree(f->objname);
		kfree(f->name);
	}
	kfree(d->funcs);
	for (i = 0; d->knobs && i < d->nr_knobs; i++)
		kfree(d->knobs[i].name);
	kfree(d->knobs);
	kfree(dd->knob_values);
	for (i = 0; d->monitors && i < d->nr_monitors; i++)
		kfree(d->monitors[i].name);
	kfree(d->monitors);
	for (i = 0; d->migrations && i < d->nr_migrations; i++)
		kfree(d->migrations[i].name);
	kfree(d->migrations);
	for (i = 0; d->restarts && i < d->nr_restarts; i++)
		kfree(d->restarts[i].entry);
	kfree(d->restarts);
	for (i = 0; d->shadows && i < d->nr_shadows; i++) {
		kfree(d->shadows[i].name);
		kfree(d->shadows[i].freed_by);
		kfree(d->shadows[i].type);
	}
	kfree(d->shadows);
	for (i = 0; d->modsyms && i < d->nr_modsyms; i++) {
		kfree(d->modsyms[i].objname);
		kfree(d->modsyms[i].name);
	}
	kfree(d->modsyms);
	kfree(d->replaces);
	for (i = 0; d->safepoints && i < d->nr_safepoints; i++)
		kfree(d->safepoints[i].funcs);
	kfree(d->safepoints);
	kfree(d->name);
	kfree(dd);
}
