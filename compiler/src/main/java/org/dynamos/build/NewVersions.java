package org.dynamos.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dynamos.image.ElfFile;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SymbolBinding;
import org.dynamos.image.SymbolTableReader;
import org.dynamos.plan.FunctionPlan;
import org.dynamos.plan.UpdatePlan;

/** Checks that every new version is a global function defined in the built module. */
final class NewVersions {

    private NewVersions() {
    }

    /** The replacements the module does not define as global functions. */
    static List<String> undefined(Path ko, UpdatePlan plan) throws IOException {
        Set<String> defined;
        try (ElfFile elf = ElfFile.open(ko)) {
            defined = SymbolTableReader.read(elf).stream()
                    .filter(s -> s.isFunction() && s.binding() != SymbolBinding.LOCAL && !"*UND*".equals(s.section()))
                    .map(KernelSymbol::name).collect(Collectors.toSet());
        }
        return plan.functions().stream().map(FunctionPlan::replacement).distinct()
                .filter(name -> !defined.contains(name)).collect(Collectors.toList());
    }
}
