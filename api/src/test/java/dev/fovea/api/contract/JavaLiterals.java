package dev.fovea.api.contract;

import java.util.ArrayList;
import java.util.List;

/** The string literals of a Java source (text blocks included), with their line; comments and chars are skipped. */
final class JavaLiterals {

    /**
     * @param text the literal's characters between its quotes, escapes as written
     * @param line the 1-based line it starts on
     */
    record Literal(String text, int line) {}

    private final String source;
    private final List<Literal> found = new ArrayList<>();
    private int at;
    private int line = 1;

    private JavaLiterals(String source) {
        this.source = source;
    }

    static List<Literal> in(String source) {
        JavaLiterals scanner = new JavaLiterals(source);
        scanner.scan();
        return scanner.found;
    }

    private void scan() {
        while (at < source.length()) {
            if (source.startsWith("//", at)) {
                skipPast("\n");
            } else if (source.startsWith("/*", at)) {
                skipPast("*/");
            } else if (source.startsWith("\"\"\"", at)) {
                literal("\"\"\"");
            } else if (source.charAt(at) == '"') {
                literal("\"");
            } else if (source.charAt(at) == '\'') {
                literal("'");
                found.removeLast();
            } else {
                advance(1);
            }
        }
    }

    /** Reads a literal opened by {@code quote} at the current position, honouring backslash escapes. */
    private void literal(String quote) {
        int startLine = line;
        advance(quote.length());
        int textStart = at;
        while (at < source.length() && !source.startsWith(quote, at)) {
            advance(source.charAt(at) == '\\' ? 2 : 1);
        }
        int textEnd = Math.min(at, source.length());
        advance(quote.length());
        found.add(new Literal(source.substring(textStart, textEnd), startLine));
    }

    private void skipPast(String end) {
        int index = source.indexOf(end, at);
        advance(index < 0 ? source.length() - at : index - at + end.length());
    }

    private void advance(int count) {
        int end = Math.min(source.length(), at + count);
        for (int i = at; i < end; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        at = end;
    }
}
