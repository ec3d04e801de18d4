package org.dynamos.build;

import org.dynamos.syntax.Body;
import org.dynamos.syntax.HookDecl;
import org.dynamos.syntax.Ident;
import org.dynamos.syntax.MigrateDecl;

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
        Set<String> defined = defined(ko);
        return plan.functions().stream().map(FunctionPlan::replacement).distinct()
                .filter(name -> !defined.contains(name)).collect(Collectors.toList());
    }

    /** The hook and migration functions the script names that the module does not define, each where it is named. */
    static List<Ident> undefinedHandlers(Path ko, UpdatePlan plan) throws IOException {
        Set<String> defined = defined(ko);
        List<Ident> out = new java.util.ArrayList<>();
        for (Body b : plan.decl().bodies()) {
            b.hooks().stream().map(HookDecl::function).filter(f -> !defined.contains(f.text())).forEach(out::add);
            b.migrations().stream().map(MigrateDecl::function).filter(f -> !defined.contains(f.text())).forEach(out::add);
        }
        return out;
    }

    private static Set<String> defined(Path ko) throws IOException {
        try (ElfFile elf = ElfFile.open(ko)) {
            return SymbolTableReader.read(elf).stream()
                    .filter(s -> s.isFunction() && s.binding() != SymbolBinding.LOCAL && !"*UND*".equals(s.section()))
                    .map(KernelSymbol::name).collect(Collectors.toSet());
        }
    }
}
