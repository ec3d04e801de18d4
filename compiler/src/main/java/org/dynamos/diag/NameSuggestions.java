package org.dynamos.diag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** "Did you mean": the known names closest to a misspelt one, by edit distance. */
public final class NameSuggestions {

    private NameSuggestions() {
    }

    /** Up to {@code limit} names within a distance that scales with the name's length, closest first. */
    public static List<String> closest(String name, Collection<String> known, int limit) {
        int budget = Math.max(1, Math.min(4, name.length() / 3));
        record Scored(String name, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String k : known) {
            if (Math.abs(k.length() - name.length()) > budget) {
                continue;
            }
            int d = distance(name, k, budget);
            if (d <= budget) {
                scored.add(new Scored(k, d));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .map(Scored::name).distinct().limit(limit).collect(Collectors.toList());
    }

    /** 'a', 'b' or 'c'. */
    public static String quoteList(List<String> names) {
        List<String> quoted = names.stream().map(n -> "'" + n + "'").collect(Collectors.toList());
        if (quoted.size() == 1) {
            return quoted.get(0);
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }

    /** Levenshtein distance, giving up (returning budget + 1) once it must exceed {@code budget}. */
    public static int distance(String a, String b, int budget) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > budget) {
                return budget + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
