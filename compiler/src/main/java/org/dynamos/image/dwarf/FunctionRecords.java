package org.dynamos.image.dwarf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Source functions and where their code lives, grouped from a {@link FunctionScan}: look one up by
 * the entry address of any of its out-of-line instances. Held in primitive arrays (the kernel has
 * about 250k subprogram and 310k inlining records).
 */
public final class FunctionRecords {
    private final List<Identity> identities;
    /** Out-of-line entries sorted by address, with their identity. */
    private final long[] entryAddress;
    private final int[] entryIdentity;
    /** Per identity, a slice of {@link #entriesById} and of {@link #callersById}. */
    private final int[] entryStart;
    private final long[] entriesById;
    private final int[] callerStart;
    private final long[] callersById;

    /** A source function: its name and declaration. */
    record Identity(String name, String declaredIn, int line, boolean noreturn) {
    }

    /**
     * @param entries     out-of-line entry addresses, with {@code entryIds} their identities
     * @param callers     entry addresses of functions something was inlined into, with {@code callerIds}
     *                    the identity of what was inlined
     */
    FunctionRecords(List<Identity> identities, long[] entries, int[] entryIds, int entryCount,
                    long[] callers, int[] callerIds, int callerCount) {
        this.identities = List.copyOf(identities);
        int k = identities.size();
        this.entryStart = new int[k + 1];
        this.entriesById = group(entries, entryIds, entryCount, k, entryStart);
        this.callerStart = new int[k + 1];
        this.callersById = group(callers, callerIds, callerCount, k, callerStart);
        // entries by address, each with its identity (the first one, should an address have two)
        long[] byAddr = new long[entryCount];
        int[] ids = new int[entryCount];
        Integer[] idx = new Integer[entryCount];
        for (int i = 0; i < entryCount; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> x.equals(y) ? 0 : entries[x] != entries[y] ? Long.compare(entries[x], entries[y])
                : Integer.compare(x, y));
        int n = 0;
        for (int i = 0; i < entryCount; i++) {
            long a = entries[idx[i]];
            if (n > 0 && byAddr[n - 1] == a) {
                continue;
            }
            byAddr[n] = a;
            ids[n] = entryIds[idx[i]];
            n++;
        }
        this.entryAddress = Arrays.copyOf(byAddr, n);
        this.entryIdentity = Arrays.copyOf(ids, n);
    }

    /** Buckets {@code values} by id (counting sort), each bucket sorted and without duplicates. */
    private static long[] group(long[] values, int[] ids, int count, int k, int[] start) {
        int[] size = new int[k];
        for (int i = 0; i < count; i++) {
            size[ids[i]]++;
        }
        int[] at = new int[k + 1];
        for (int i = 0; i < k; i++) {
            at[i + 1] = at[i] + size[i];
        }
        long[] out = new long[count];
        int[] fill = Arrays.copyOf(at, k);
        for (int i = 0; i < count; i++) {
            out[fill[ids[i]]++] = values[i];
        }
        int w = 0;
        for (int id = 0; id < k; id++) {
            start[id] = w;
            Arrays.sort(out, at[id], at[id + 1]);
            for (int i = at[id]; i < at[id + 1]; i++) {
                if (w == start[id] || out[w - 1] != out[i]) {
                    out[w++] = out[i];
                }
            }
        }
        start[k] = w;
        return Arrays.copyOf(out, w);
    }

    /** @return what is known of the function with an out-of-line instance starting at {@code entry} */
    public Optional<FunctionFacts> at(long entry) {
        int i = Arrays.binarySearch(entryAddress, entry);
        return i < 0 ? Optional.empty() : Optional.of(facts(entryIdentity[i]));
    }

    /** @return every source function that has at least one out-of-line instance */
    public List<FunctionFacts> all() {
        List<FunctionFacts> out = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            if (entryStart[i + 1] > entryStart[i]) {
                out.add(facts(i));
            }
        }
        return out;
    }

    /**
     * @return every source function the compiler only inlined: no out-of-line instance, inlined
     *         into at least one function (e.g. {@code may_follow_link} in 6.1)
     */
    public List<FunctionFacts> inlinedOnly() {
        List<FunctionFacts> out = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            if (entryStart[i + 1] == entryStart[i] && callerStart[i + 1] > callerStart[i]) {
                out.add(facts(i));
            }
        }
        return out;
    }

    /** @return the source functions named {@code name} that the compiler only inlined */
    public List<FunctionFacts> inlinedOnly(String name) {
        List<FunctionFacts> out = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            if (identities.get(i).name().equals(name) && entryStart[i + 1] == entryStart[i]
                    && callerStart[i + 1] > callerStart[i]) {
                out.add(facts(i));
            }
        }
        return out;
    }

    private FunctionFacts facts(int id) {
        Identity f = identities.get(id);
        return new FunctionFacts(f.name(), f.declaredIn(), f.line(), f.noreturn(),
                slice(entriesById, entryStart[id], entryStart[id + 1]),
                slice(callersById, callerStart[id], callerStart[id + 1]));
    }

    private static List<Long> slice(long[] a, int from, int to) {
        List<Long> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(a[i]);
        }
        return out;
    }
}
