package org.dynamos.build;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The kernel C of the runtime (runtime-kmod/ in the repository), shipped
 * inside the dynamos jar so a build needs nothing else.
 */
public final class RuntimeSources {
    private static final String ROOT = "/org/dynamos/runtime-kmod";

    private RuntimeSources() {
    }

    /** Copies {@code runtime-kmod/<part>} (e.g. "core", "include") into {@code target}. */
    public static void copy(String part, Path target) throws IOException {
        URL url = RuntimeSources.class.getResource(ROOT + "/" + part);
        if (url == null) {
            throw new IOException("the runtime sources (" + part + ") are missing from this build of dynamos");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                copyTree(fs.provider().getPath(uri), target);
            } else {
                copyTree(Path.of(uri), target);
            }
        } catch (URISyntaxException e) {
            throw new IOException("bad resource location " + url, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
