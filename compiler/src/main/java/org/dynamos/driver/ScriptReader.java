package org.dynamos.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dynamos.diag.Diagnostic;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.SourceFile;
import org.dynamos.syntax.Span;

/** Reads a script as strict UTF-8 text; binary input becomes diagnostic E0005. */
public final class ScriptReader {
    /** Scripts are small; anything larger than this is not one. */
    static final long MAX_BYTES = 16L << 20;

    /** The text, or the reason it is not a script. */
    public record Result(SourceFile source, Optional<Diagnostic> problem) {
    }

    private ScriptReader() {
    }

    /** @throws IOException when the file cannot be read at all (a usage error, not a script error) */
    public static Result read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            SourceFile empty = new SourceFile(path, "");
            return new Result(empty, Optional.of(Messages.of("E0005", Span.wholeFile(empty),
                    size + " bytes, more than a script can be")));
        }
        byte[] bytes = Files.readAllBytes(path);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            int nul = text.indexOf('\0');
            if (nul >= 0) {
                SourceFile source = new SourceFile(path, text.substring(0, nul).replace('\0', ' '));
                return new Result(source, Optional.of(Messages.of("E0005", Span.wholeFile(source),
                        "it contains a NUL byte at offset " + nul)));
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return new Result(new SourceFile(path, text), Optional.empty());
        } catch (CharacterCodingException e) {
            SourceFile empty = new SourceFile(path, "");
            return new Result(empty, Optional.of(Messages.of("E0005", Span.wholeFile(empty),
                    "it is not valid UTF-8")));
        }
    }
}
