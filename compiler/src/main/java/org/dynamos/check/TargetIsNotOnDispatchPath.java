package org.dynamos.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * E0210: the target is not something the runtime itself calls while dispatching a redirected
 * call (the list in {@code dispatch-path.txt}: RCU read locks, the recursion guard, the clock,
 * shadow variables, printk, spin locks, ...). Redirecting one would recurse into the runtime.
 */
public final class TargetIsNotOnDispatchPath implements TargetCheck {
    private static final Map<String, String> DISPATCH_PATH = load();

    /** @return why the runtime calls {@code function}, if it does */
    public static Optional<String> why(String function) {
        return Optional.ofNullable(DISPATCH_PATH.get(function));
    }

    /** @return every function of the list, with why the runtime calls it */
    public static Map<String, String> all() {
        return DISPATCH_PATH;
    }

    @Override
    public List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image,
                                    Diagnostics out) {
        for (KernelSymbol s : candidates) {
            Optional<String> why = why(s.name());
            if (why.isPresent()) {
                out.add(Messages.of("E0210", target.name().span(), s.name(), why.get()));
                return List.of();
            }
        }
        return candidates;
    }

    private static Map<String, String> load() {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = TargetIsNotOnDispatchPath.class.getResourceAsStream("dispatch-path.txt")) {
            if (in == null) {
                throw new IllegalStateException("dispatch-path.txt missing from the build");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String why = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.startsWith("[") && t.endsWith("]")) {
                    why = t.substring(1, t.length() - 1);
                } else if (why != null) {
                    m.put(t, why);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(m);
    }
}
