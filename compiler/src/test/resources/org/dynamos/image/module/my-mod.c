/*
 * A relocatable object shaped like a kernel module (ModuleImageFixtureTest):
 * traced and notrace functions in .text, a function in .init.text, static
 * data, and the .modinfo strings modpost leaves.
 */
#define __init __attribute__((section(".init.text"), noinline))
#define notrace __attribute__((no_instrument_function))

static const char modinfo_vermagic[] __attribute__((section(".modinfo"), used, aligned(1))) =
	"vermagic=6.1.0-fixture-amd64 SMP preempt mod_unload modversions ";
static const char modinfo_depends[] __attribute__((section(".modinfo"), used, aligned(1))) = "depends=";

static int enabled = 1;
int counter;

__attribute__((noinline)) int status_read(int x)
{
	return enabled ? x + counter : -x;
}

notrace __attribute__((noinline)) int quiet(int x)
{
	return x * 3 + enabled;
}

static __init int mod_init(void)
{
	counter = status_read(2) + quiet(1);
	return 0;
}

int init_module(void) __attribute__((alias("mod_init")));

int entry_read(int x)
{
	enabled = x;
	return status_read(x) + 1;
}
