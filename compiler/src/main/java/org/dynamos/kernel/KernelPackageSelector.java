package org.dynamos.kernel;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the kernel ABI from {@code apt-cache} outputs, without touching the network.
 *
 * <p>The metapackage's candidate ({@code linux-image-cloud-amd64}) names the kernel series
 * through its dependency {@code linux-image-6.1.0-N-cloud-amd64}; the chosen ABI is the highest
 * {@code N} of that series for which the unsigned image, both header packages, kbuild and the
 * debug symbols all exist. The metapackage may lag behind the newest security upload, and the
 * same suite carries other series (backported {@code 6.12.117+deb12} packages), which never match.
 */
public final class KernelPackageSelector {
    private KernelPackageSelector() {}

    /** The name of the metapackage that tracks the current ABI of {@code flavour}. */
    public static String metapackage(String flavour) {
        return "linux-image-" + flavour;
    }

    /**
     * The series prefix ({@code 6.1.0-}) named by the metapackage's {@code Depends} field
     * (from {@code apt-cache show} or {@code apt-cache depends}).
     */
    public static String series(String dependsText, String flavour) throws KernelStoreException {
        Matcher m = Pattern.compile("linux-image-(\\d+\\.\\d+\\.\\d+-)\\d+-" + Pattern.quote(flavour) + "(?![\\w.+-])")
                .matcher(dependsText);
        if (!m.find()) {
            throw new KernelStoreException("the Debian metapackage " + metapackage(flavour)
                    + " does not depend on a linux-image-<abi>-" + flavour + " package; cannot tell the kernel series");
        }
        return m.group(1);
    }

    /**
     * The highest ABI of {@code series} for which every package exists, from the output of
     * {@code apt-cache search --names-only} (lines {@code name - description}).
     */
    public static String newestAbi(String series, String flavour, String searchOutput) throws KernelStoreException {
        Set<String> names = new HashSet<>();
        for (String line : searchOutput.split("\n")) {
            int sep = line.indexOf(" - ");
            String name = (sep < 0 ? line : line.substring(0, sep)).trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        Pattern image = Pattern.compile("linux-image-(" + Pattern.quote(series) + "(\\d+))-"
                + Pattern.quote(flavour) + "-unsigned");
        TreeMap<Integer, String> abis = new TreeMap<>();
        for (String name : names) {
            Matcher m = image.matcher(name);
            if (m.matches()) {
                abis.put(Integer.parseInt(m.group(2)), m.group(1));
            }
        }
        for (String abi : abis.descendingMap().values()) {
            KernelPackages candidate = new KernelPackages(abi, flavour, "");
            if (names.containsAll(candidate.all())) {
                return abi;
            }
        }
        throw new KernelStoreException("no complete " + series + "N-" + flavour + " kernel in Debian bookworm:"
                + " need the unsigned image, both header packages, kbuild and the -dbg package of one ABI"
                + (abis.isEmpty() ? " (no image of that series found)" : " (images found: " + abis.values() + ")"));
    }

    /**
     * The {@code Candidate:} version of each package in an {@code apt-cache policy P1 P2 ...}
     * output; packages without a candidate are absent.
     */
    public static Map<String, String> candidates(String policyOutput) {
        Map<String, String> result = new TreeMap<>();
        String current = null;
        for (String line : policyOutput.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.endsWith(":")) {
                current = line.substring(0, line.length() - 1);
            } else if (current != null && line.trim().startsWith("Candidate:")) {
                String version = line.trim().substring("Candidate:".length()).trim();
                if (!version.equals("(none)")) {
                    result.put(current, version);
                }
            }
        }
        return result;
    }

    /**
     * Every version of {@code pkg} in its {@code Version table:} of an {@code apt-cache policy}
     * output (a mirror may carry several; the candidate is only the newest), newest first, each
     * with the line of the first archive that has it.
     */
    public static Map<String, String> versions(String policyOutput, String pkg) {
        Map<String, String> result = new LinkedHashMap<>();
        boolean inPackage = false;
        boolean inTable = false;
        String current = null;
        for (String line : policyOutput.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                inPackage = line.equals(pkg + ":");
                inTable = false;
            } else if (inPackage && line.trim().equals("Version table:")) {
                inTable = true;
            } else if (inPackage && inTable) {
                String t = line.trim().replaceFirst("^\\*\\*\\*\\s+", "");
                String[] words = t.split("\\s+");
                if (words.length == 2 && words[1].matches("-?\\d+")) {
                    current = words[0];
                    result.put(current, "");
                } else if (current != null && result.get(current).isEmpty()) {
                    result.put(current, t);
                }
            }
        }
        return result;
    }

    /** The candidate of one package, if any. */
    public static Optional<String> candidate(String policyOutput, String pkg) {
        return Optional.ofNullable(candidates(policyOutput).get(pkg));
    }
}
