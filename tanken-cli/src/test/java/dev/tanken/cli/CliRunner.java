package dev.tanken.cli;

import dev.tanken.cli.internal.CliEnvironment;
import dev.tanken.cli.internal.Prompter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process against a Tanken home of the test's own, capturing both streams. */
final class CliRunner {
    private final Map<String, String> env = new HashMap<>();
    private String osUser = "tester";
    private Prompter prompter = Prompter.NONE;
    private boolean stderrIsTerminal;

    CliRunner(Path home) {
        env.put("TANKEN_HOME", home.toString());
    }

    CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CliRunner withoutEnv(String name) {
        env.remove(name);
        return this;
    }

    /** As if stderr were a terminal (progress is drawn there). */
    CliRunner stderrOnTerminal() {
        this.stderrIsTerminal = true;
        return this;
    }

    CliRunner osUser(String name) {
        this.osUser = name;
        return this;
    }

    /** As if on a terminal where the person answers each question with the next of these answers. */
    CliRunner answering(String... answers) {
        java.util.Iterator<String> next = List.of(answers).iterator();
        List<String> asked = this.asked;
        this.prompter = new Prompter() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public boolean confirm(String question) {
                asked.add(question);
                return Prompter.isYes(next.hasNext() ? next.next() : null);
            }
        };
        return this;
    }

    /** The questions asked so far through {@link #answering}. */
    final List<String> asked = new java.util.ArrayList<>();

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TankenCli.run(args, new CliEnvironment(env, osUser, stderrIsTerminal, 0, prompter), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
