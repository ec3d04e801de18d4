package org.dynamos.syntax;

import java.math.BigInteger;

/** A literal as written: integers keep their exact value, numbers with units their text. */
public sealed interface Value {

    /** An integer (decimal or 0x hex, possibly negative). */
    record Int(BigInteger value, String text) implements Value {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A string, escapes decoded. */
    record Str(String value) implements Value {
        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements Value {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A number followed by a unit ({@code 10s}, {@code 500ms}); the unit is checked later. */
    record WithUnit(BigInteger amount, String unit, String text) implements Value {
        @Override
        public String toString() {
            return text;
        }
    }
}
