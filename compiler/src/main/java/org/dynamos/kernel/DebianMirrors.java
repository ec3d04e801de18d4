package org.dynamos.kernel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Debian archive and security mirrors this host already uses, found in its apt
 * configuration, and the private {@code sources.list} that points them at another suite.
 * The project never names a mirror itself: users have their own.
 *
 * @param archive  base URI of the Debian archive ({@code .../debian})
 * @param security base URI of the Debian security archive ({@code .../debian-security})
 * @param signedBy the key file to trust for them, when the host names one
 */
public record DebianMirrors(String archive, String security, Optional<String> signedBy) {

    /** Environment variable overriding the archive URI. */
    public static final String ARCHIVE_ENV = "DYNAMOS_DEBIAN_MIRROR";
    /** Environment variable overriding the security archive URI. */
    public static final String SECURITY_ENV = "DYNAMOS_DEBIAN_SECURITY_MIRROR";

    private static final Set<String> CODENAMES = Set.of(
            "buster", "bullseye", "bookworm", "trixie", "forky", "duke", "sid",
            "oldoldstable", "oldstable", "stable", "testing", "unstable");
    private static final Pattern SUITE = Pattern.compile(
            "([a-z]+)(-updates|-security|/updates|-backports|-proposed-updates)?");

    /**
     * Picks the first Debian archive and the first Debian security repository among the host's
     * entries. An entry is Debian's when its suite is a Debian code name (optionally with
     * {@code -updates}, {@code -security}, ...), it carries the {@code main} component, and its
     * key, if named, is Debian's archive keyring. {@code env} may override either URI.
     */
    public static DebianMirrors fromHost(List<AptRepository> repositories, Map<String, String> env)
            throws KernelStoreException {
        String archive = null;
        String security = null;
        Optional<String> key = Optional.empty();
        for (AptRepository repo : repositories) {
            if (!repo.components().contains("main") || !debianKey(repo.signedBy())) {
                continue;
            }
            for (String suite : repo.suites()) {
                Matcher m = SUITE.matcher(suite);
                if (!m.matches() || !CODENAMES.contains(m.group(1))) {
                    continue;
                }
                boolean isSecurity = m.group(2) != null
                        && (m.group(2).equals("-security") || m.group(2).equals("/updates"));
                if (isSecurity && security == null) {
                    security = repo.uris().get(0);
                } else if (!isSecurity && archive == null) {
                    archive = repo.uris().get(0);
                }
                if (key.isEmpty()) {
                    key = repo.signedBy();
                }
            }
        }
        archive = env.getOrDefault(ARCHIVE_ENV, archive);
        security = env.getOrDefault(SECURITY_ENV, security);
        if (archive == null || security == null) {
            String which = archive == null && security == null ? "the Debian archive and security repositories"
                    : archive == null ? "the Debian archive repository" : "the Debian security repository";
            throw new KernelStoreException("cannot find " + which + " in this host's apt configuration"
                    + " (/etc/apt/sources.list, /etc/apt/sources.list.d/*.sources);"
                    + " the default kernel comes from Debian 12 (bookworm).\n"
                    + "help: set " + ARCHIVE_ENV + "=<URI of a Debian mirror> and "
                    + SECURITY_ENV + "=<URI of a Debian security mirror>, or pass --vmlinux/--kdir");
        }
        return new DebianMirrors(stripSlash(archive), stripSlash(security), key);
    }

    /**
     * A one-line-format {@code sources.list} for {@code codename}, {@code codename-updates} and
     * {@code codename-security}, component {@code main}, on this host's mirrors.
     */
    public String sourcesList(String codename, Optional<String> keyFile) {
        String opts = keyFile.map(k -> "[signed-by=" + k + "] ").orElse("");
        return "# Written by dynamos: Debian " + codename + " on this host's mirrors.\n"
                + "deb " + opts + archive + " " + codename + " main\n"
                + "deb " + opts + archive + " " + codename + "-updates main\n"
                + "deb " + opts + security + " " + codename + "-security main\n";
    }

    private static boolean debianKey(Optional<String> signedBy) {
        return signedBy.map(k -> k.contains("debian-archive")).orElse(true);
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
