/* A module naming a static function of the fake vmlinux through a synthetic symbol, as the
 * compiler does after disambiguating "two.c":dup_static itself. */
extern int __dynamos_target_0(void);
extern int global_and_static(void);

int call_chosen(void)
{
	return __dynamos_target_0() + global_and_static();
}
