package dev.tanken.cli.internal;

import java.io.Console;
import java.util.Locale;

/**
 * Asks the person at the terminal a yes/no question. Without a terminal (a script, a pipe, a test)
 * there is nobody to ask: {@link #interactive()} is false and a command that needs consent must be
 * given it on its command line instead.
 */
public interface Prompter {
    /** No terminal: nobody to ask. */
    Prompter NONE = new Prompter() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public boolean confirm(String question) {
            throw new IllegalStateException("no terminal to ask: " + question);
        }
    };

    boolean interactive();

    /** True only for an explicit yes ("y" or "yes", any case); anything else, end of input included, is no. */
    boolean confirm(String question);

    /** The JVM's console, when stdin and stdout are both a terminal; else {@link #NONE}. */
    static Prompter console() {
        Console console = System.console();
        if (console == null) {
            return NONE;
        }
        return new Prompter() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public boolean confirm(String question) {
                String answer = console.readLine("%s [y/N] ", Terminal.clean(question));
                return isYes(answer);
            }
        };
    }

    static boolean isYes(String answer) {
        if (answer == null) {
            return false;
        }
        String a = answer.trim().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }
}
