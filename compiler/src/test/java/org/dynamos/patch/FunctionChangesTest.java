package org.dynamos.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison of a unit's functions before and after a patch, on hand-made objects. */
class FunctionChangesTest {

    private static ObjectSymbol fn(String name, int... bytes) {
        byte[] code = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            code[i] = (byte) bytes[i];
        }
        return new ObjectSymbol(name, false, false, ".text." + name, true, code, List.of());
    }

    private static String changes(List<ObjectSymbol> before, List<ObjectSymbol> after) {
        return FunctionChanges.between(before, after).toString();
    }

    @Test
    void aRenumberedCloneIsTheSameFunction() {
        assertEquals("[]", changes(List.of(fn("foo.constprop.0", 1, 2)), List.of(fn("foo.constprop.1", 1, 2))));
        assertEquals("[Change[function=foo.isra.1, kind=CHANGED, detail=its code differs from +0x1]]",
                changes(List.of(fn("foo.isra.0", 1, 2)), List.of(fn("foo.isra.1", 1, 3))));
    }

    @Test
    void clonesOfAnotherKindOrOriginAreNotConfused() {
        assertEquals("[Change[function=foo.isra.0, kind=NEW, detail=only in the patched source],"
                + " Change[function=foo.constprop.0, kind=REMOVED, detail=only in the original source]]",
                changes(List.of(fn("foo.constprop.0", 1)), List.of(fn("foo.isra.0", 1))));
        assertEquals("[Change[function=bar.constprop.0, kind=NEW, detail=only in the patched source],"
                + " Change[function=foo.constprop.0, kind=REMOVED, detail=only in the original source]]",
                changes(List.of(fn("foo.constprop.0", 1)), List.of(fn("bar.constprop.0", 1))));
    }

    @Test
    void twoClonesOfOneKindAreNotGuessedAt() {
        assertEquals("[Change[function=foo.constprop.2, kind=NEW, detail=only in the patched source],"
                        + " Change[function=foo.constprop.3, kind=NEW, detail=only in the patched source],"
                        + " Change[function=foo.constprop.0, kind=REMOVED, detail=only in the original source],"
                        + " Change[function=foo.constprop.1, kind=REMOVED, detail=only in the original source]]",
                changes(List.of(fn("foo.constprop.0", 1), fn("foo.constprop.1", 2)),
                        List.of(fn("foo.constprop.2", 1), fn("foo.constprop.3", 2))));
    }

    @Test
    void anUnchangedFunctionIsNotListed() {
        assertEquals("[]", changes(List.of(fn("a", 1, 2, 3)), List.of(fn("a", 1, 2, 3))));
        assertEquals("[Change[function=a, kind=CHANGED, detail=its code is 2 bytes, was 3]]",
                changes(List.of(fn("a", 1, 2, 3)), List.of(fn("a", 1, 2))));
    }
}
