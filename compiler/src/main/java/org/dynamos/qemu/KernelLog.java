package org.dynamos.qemu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel log as the guest copied it from {@code /dev/kmsg}: records
 * {@code level,sequence,microseconds,flags;text}, with dictionary continuation lines (starting
 * with a space) and non-printable bytes escaped as {@code \xNN}.
 */
final class KernelLog {
    /** One log record. */
    record Entry(int level, long micros, String text) {
        /** As {@code dmesg} and the console print it: {@code [    1.234567] text}. */
        String render() {
            return String.format(Locale.ROOT, "[%5d.%06d] %s", micros / 1_000_000, micros % 1_000_000, text);
        }
    }

    private static final Pattern RECORD = Pattern.compile("(\\d+),(\\d+),(\\d+),[^;]*;(.*)");
    private static final Pattern ESCAPE = Pattern.compile("\\\\x([0-9a-fA-F]{2})");

    private KernelLog() {}

    /** The records of a raw {@code /dev/kmsg} copy; torn or foreign lines are skipped. */
    static List<Entry> parse(String raw) {
        List<Entry> entries = new ArrayList<>();
        for (String line : raw.replace("\r", "").split("\n")) {
            if (line.startsWith(" ")) {
                continue;
            }
            Matcher m = RECORD.matcher(line);
            if (m.matches()) {
                entries.add(new Entry(Integer.parseInt(m.group(1)) & 7, Long.parseLong(m.group(3)), unescape(m.group(4))));
            }
        }
        return entries;
    }

    static String render(List<Entry> entries) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.render()).append('\n');
        }
        return sb.toString();
    }

    private static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        Matcher m = ESCAPE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
