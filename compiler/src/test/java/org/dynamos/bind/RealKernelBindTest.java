package org.dynamos.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dynamos.image.ElfFixtures;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.RealKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding against the real vmlinux and Module.symvers; skipped when the kernel has not been fetched. */
class RealKernelBindTest {
    @TempDir
    Path work;

    @Test
    void bindsDataTextStaticsAndPerCpuOfTheRealKernel() throws IOException {
        Path vmlinux = RealKernel.vmlinux().orElse(null);
        Path symvers = RealKernel.symvers().orElse(null);
        assumeTrue(vmlinux != null && symvers != null, "the real kernel is not in the DynAMOS cache");
        Path ko = ElfFixtures.module("/org/dynamos/bind/realkernel.c", work);
        try (ElfKernelImage image = ElfKernelImage.open(vmlinux)) {
            BindReport report = new ModuleBinder(ExportedSymbols.read(symvers), image).bind(ko);
            assertTrue(report.ok(), report::render);
            long printk = image.anchor().orElseThrow().address();
            Map<String, Binding> byName = report.bindings().stream()
                    .collect(Collectors.toMap(Binding::name, b -> b));
            assertEquals(List.of("saved_command_line", "task_call_func", "cmdline_proc_show", "process_counts"),
                    List.copyOf(byName.keySet().stream().sorted((a, b) -> order(a) - order(b))
                            .collect(Collectors.toList())));
            for (String name : List.of("saved_command_line", "task_call_func", "cmdline_proc_show")) {
                KernelSymbol target = image.symbols(name).get(0);
                assertEquals(target.address() - printk, byName.get(name).delta(), name);
            }
            assertEquals(BindKind.DATA, byName.get("saved_command_line").kind());
            assertEquals(BindKind.TEXT, byName.get("task_call_func").kind());
            assertEquals(BindKind.PERCPU, byName.get("process_counts").kind());
            assertTrue(report.anchorAdded() == false);
        }
    }

    @Test
    void refusesInitAndAmbiguousSymbolsOfTheRealKernel() throws IOException {
        Path vmlinux = RealKernel.vmlinux().orElse(null);
        Path symvers = RealKernel.symvers().orElse(null);
        assumeTrue(vmlinux != null && symvers != null, "the real kernel is not in the DynAMOS cache");
        Path ko = ElfFixtures.module("/org/dynamos/bind/realrefused.c", work);
        try (ElfKernelImage image = ElfKernelImage.open(vmlinux)) {
            BindReport report = new ModuleBinder(ExportedSymbols.read(symvers), image).bind(ko);
            Map<String, String> errors = report.errors().stream()
                    .collect(Collectors.toMap(BindError::name, BindError::message));
            assertEquals(2, errors.size(), report::render);
            assertTrue(errors.get("start_kernel").contains(".init.text"), errors::toString);
            assertTrue(errors.get("err_text").contains("definitions in the vmlinux"), errors::toString);
        }
    }

    private static int order(String name) {
        return List.of("saved_command_line", "task_call_func", "cmdline_proc_show", "process_counts").indexOf(name);
    }
}
