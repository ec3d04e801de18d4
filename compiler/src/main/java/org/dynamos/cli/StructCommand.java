package org.dynamos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dynamos.emit.StructHeader;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelImage;
import org.dynamos.image.btf.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos struct NAME}: a kernel struct's definition for an update's C, from BTF. */
@Command(name = "struct", mixinStandardHelpOptions = true,
        description = {"Print a C header defining a kernel struct (or union) as the image lays it out, from its BTF:",
                "for structs the kernel defines only in a .c file (struct kioctx, struct n_tty_data).",
                "Every member sits at the kernel's offset; the header asserts each offset and the size."})
final class StructCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "The struct's tag (kioctx), or union NAME's tag.")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the header to FILE"
            + " (e.g. beside the update's C sources) instead of standard output.")
    Path output;

    @Mixin
    KernelOptions kernel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        Path vmlinux = kernel.vmlinuxPath();
        try (KernelImage image = ElfKernelImage.open(vmlinux)) {
            Optional<StructType> s = image.struct(name);
            if (s.isEmpty()) {
                throw new UserError("the BTF of " + vmlinux.getFileName() + " has no struct or union '" + name + "'"
                        + "\nhelp: name it by its tag, without `struct`; `dynamos inspect` shows the types a function uses");
            }
            String header = StructHeader.of(s.get(), image.release().orElse(vmlinux.getFileName().toString()));
            if (output == null) {
                spec.commandLine().getOut().print(header);
                spec.commandLine().getOut().flush();
            } else {
                Path tmp = output.resolveSibling(output.getFileName() + ".tmp");
                Files.writeString(tmp, header);
                Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                spec.commandLine().getErr().println("dynamos: wrote " + output);
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UserError("cannot write the header: " + e.getMessage(), e);
        }
    }
}
