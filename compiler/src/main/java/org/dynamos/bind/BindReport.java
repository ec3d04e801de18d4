package org.dynamos.bind;

import java.nio.file.Path;
import java.util.List;

/**
 * What binding one module did, or why it did not.
 *
 * @param module        the module file
 * @param anchorAddress vmlinux address of the anchor {@code _printk} (0 if it was not found)
 * @param bindings      every bound symbol, in symbol table order
 * @param errors        every refusal; when not empty the file was left untouched
 * @param anchorAdded   whether an undefined {@code _printk} symbol had to be added to the module
 * @param rewritten     whether the file was replaced
 */
public record BindReport(Path module, long anchorAddress, List<Binding> bindings, List<BindError> errors,
                         boolean anchorAdded, boolean rewritten) {
    public BindReport {
        bindings = List.copyOf(bindings);
        errors = List.copyOf(errors);
    }

    /** @return whether binding succeeded (possibly with nothing to bind) */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** @return the report as lines for a terminal */
    public String render() {
        StringBuilder b = new StringBuilder();
        String file = module.getFileName().toString();
        if (!ok()) {
            b.append(file).append(": not rewritten, ").append(errors.size())
                    .append(errors.size() == 1 ? " error" : " errors").append('\n');
            for (BindError e : errors) {
                b.append("  error: ").append(e.name()).append(": ").append(e.message()).append('\n');
            }
            return b.toString();
        }
        if (bindings.isEmpty()) {
            return b.append(file).append(": nothing to bind\n").toString();
        }
        b.append(file).append(": bound ").append(bindings.size()).append(bindings.size() == 1 ? " symbol" : " symbols")
                .append(" (anchor _printk at 0x").append(Long.toHexString(anchorAddress)).append(')');
        if (anchorAdded) {
            b.append(", _printk symbol added");
        }
        b.append('\n');
        int width = bindings.stream().mapToInt(x -> x.name().length()).max().orElse(0);
        for (Binding x : bindings) {
            b.append("  ").append(pad(x.name(), width)).append("  ").append(pad(x.kind().name(), 6)).append("  ");
            if (x.kind() == BindKind.PERCPU) {
                b.append("per-CPU offset 0x").append(Long.toHexString(x.target().address()));
            } else {
                b.append("0x").append(Long.toHexString(x.target().address())).append(" = _printk")
                        .append(x.delta() < 0 ? "-0x" : "+0x").append(Long.toHexString(Math.abs(x.delta())));
            }
            b.append(", ").append(x.relocations()).append(x.relocations() == 1 ? " relocation" : " relocations");
            if (!x.target().name().equals(x.name()) || x.target().fileName() != null) {
                b.append(", is ").append(x.target().displayName());
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
