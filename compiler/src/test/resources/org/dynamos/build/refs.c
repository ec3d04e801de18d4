/* References to an undefined function: a call, a tail call, an address taken in code and in data. */
extern int target_fn(int);
extern int other_fn(int);
extern void keep(void *);

int calls(int x)
{
	return target_fn(x) + other_fn(x);
}

int tail_calls(int x)
{
	return target_fn(x + 1);
}

void takes_address(void)
{
	keep(target_fn);
}

int (*pointer)(int) = target_fn;
