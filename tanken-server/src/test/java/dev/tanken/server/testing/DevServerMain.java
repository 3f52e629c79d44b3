package dev.tanken.server.testing;

import java.io.IOException;

/**
 * Runs a dev-mode server on a free port over a temp store and prints {@code PORT=n}; stops when its
 * standard input closes. For trying the server by hand and for clients in other languages.
 */
public final class DevServerMain {
    private DevServerMain() {
    }

    public static void main(String[] args) throws IOException {
        try (EmbeddedServer server = EmbeddedServer.dev()) {
            System.out.println("PORT=" + server.server().port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Wait for the parent to close our input.
            }
        }
    }
}
