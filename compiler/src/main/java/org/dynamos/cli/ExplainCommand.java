package org.dynamos.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.dynamos.diag.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos explain CODE}: the documentation of a diagnostic. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain a diagnostic code (e.g. E0201); without a code, list them all.")
final class ExplainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CODE", arity = "0..1", description = "A diagnostic code such as E0201.")
    String code;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        if (code == null) {
            for (String c : Messages.codes()) {
                spec.commandLine().getOut().printf("%s  %s%n", c, Messages.title(c).orElse(""));
            }
            return ExitCodes.OK;
        }
        String normalized = code.toUpperCase(Locale.ROOT);
        String text = Messages.explanation(normalized)
                .orElseThrow(() -> new UserError("no diagnostic " + code + "; `dynamos explain` lists them all"));
        spec.commandLine().getOut().print(text);
        return ExitCodes.OK;
    }
}
