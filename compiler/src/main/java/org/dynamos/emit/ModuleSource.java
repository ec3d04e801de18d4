package org.dynamos.emit;

import java.util.Map;

/**
 * The generated sources of one update module: file name (relative to the
 * module's build directory) to contents. The update's own C files are
 * copied next to these under {@code src/}.
 */
public record ModuleSource(String moduleName, Map<String, String> files) {

    public ModuleSource {
        files = Map.copyOf(files);
    }
}
