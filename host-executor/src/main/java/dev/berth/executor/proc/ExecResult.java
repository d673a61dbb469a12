package dev.berth.executor.proc;

import java.util.List;

/** The outcome of one finished external command. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result, or throws an {@link ExecException} carrying stderr when the command failed. */
    public ExecResult orThrow(String what) {
        if (!ok()) {
            throw new ExecException(what + " failed (exit " + exitCode + "): " + errorText());
        }
        return this;
    }

    /** stderr, or stdout when stderr is empty, trimmed for an error message. */
    public String errorText() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.strip();
    }
}
