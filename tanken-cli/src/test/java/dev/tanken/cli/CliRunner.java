package dev.tanken.cli;

import dev.tanken.cli.internal.CliEnvironment;
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

    CliRunner osUser(String name) {
        this.osUser = name;
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TankenCli.run(args, new CliEnvironment(env, osUser, false), new PrintWriter(out), new PrintWriter(err));
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
