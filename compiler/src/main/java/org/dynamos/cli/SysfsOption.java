package org.dynamos.cli;

import java.nio.file.Path;
import org.dynamos.control.SysfsControl;
import picocli.CommandLine.Option;

/** What the control commands share: where the runtime's sysfs tree is (hidden; tests point it at a fake tree). */
final class SysfsOption {

    @Option(names = "--sysfs", paramLabel = "DIR", hidden = true, description = "The runtime's sysfs root.")
    Path root = SysfsControl.DEFAULT_ROOT;

    SysfsControl control() {
        return new SysfsControl(root);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
