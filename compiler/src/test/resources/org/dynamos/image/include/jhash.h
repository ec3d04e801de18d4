/* Fake vmlinux: a static inline header function, copied out of line where its address is taken. */
static inline unsigned int jhash(const void *key, unsigned int length, unsigned int initval)
{
    const unsigned char *k = key;
    unsigned int h = initval;

    while (length--)
        h = h * 31 + *k++;
    return h;
}
