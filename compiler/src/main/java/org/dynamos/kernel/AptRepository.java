package org.dynamos.kernel;

import java.util.List;
import java.util.Optional;

/**
 * One binary repository entry of an apt configuration, from either the one-line
 * {@code sources.list} format or a deb822 {@code .sources} stanza.
 *
 * @param uris       the repository base URIs, in order
 * @param suites     the suites (distribution code names such as {@code bookworm-security})
 * @param components the components ({@code main}, ...)
 * @param signedBy   the {@code Signed-By} key file, when it is a path (embedded keys are dropped)
 */
public record AptRepository(List<String> uris, List<String> suites, List<String> components,
                            Optional<String> signedBy) {
    public AptRepository {
        uris = List.copyOf(uris);
        suites = List.copyOf(suites);
        components = List.copyOf(components);
    }
}
