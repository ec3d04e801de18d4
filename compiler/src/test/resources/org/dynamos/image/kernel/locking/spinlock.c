/* Fake vmlinux: a lock function the runtime's dispatch path calls. */
extern int ext(int);

void _raw_spin_lock(int *lock)
{
    *lock = ext(*lock);
}
