/* A module whose every non-exported reference must be refused, each for its own reason. */
extern void missing_symbol(void);
extern int dup_static(void);
extern void init_only(void);
extern void exit_only(void);
extern char abs_const[];
extern int pcpu_target;
extern void text_target(void);

long refuse_all(void)
{
	long zero_extended;
	missing_symbol();
	dup_static();
	init_only();
	exit_only();
	asm volatile("call pcpu_target");
	asm volatile("movl $text_target, %k0" : "=r"(zero_extended));
	return (long)abs_const + zero_extended;
}
