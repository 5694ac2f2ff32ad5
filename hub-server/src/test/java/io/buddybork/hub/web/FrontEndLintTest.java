package io.buddybork.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checks the web app's ES modules ({@code src/main/resources/web/app}) as part of the build, with
 * the versions pinned by {@code package-lock.json}: ESLint ({@code eslint.config.js}: recommended
 * rules, browser globals, ES modules), TypeScript's checker over every module ({@code
 * tsconfig.json} with {@code checkJs}, JSDoc types, no output), and the unit tests under
 * {@code src/test/js} on node's test runner (jsdom for the page). Needs {@code node} and {@code npm}
 * on the PATH (Debian: {@code apt-get install nodejs npm}); installs the tools into {@code
 * hub-server/node_modules} with {@code npm ci} when that is missing or was installed from another
 * lock file (a stamp of the lock file's content, so that a node_modules cached by CI is reused
 * though a fresh checkout makes the lock file newer). A finding fails the test with the tool's report.
 */
class FrontEndLintTest {

    private static final Path MODULE =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final long NPM_CI_MINUTES = 10;
    // npm ci empties node_modules, so a stamp there never outlives the install it describes
    private static final String LOCK_STAMP = ".buddybork-lock-sha256";
    private static final long ESLINT_MINUTES = 5;
    private static final long TSC_MINUTES = 5;
    private static final long NODE_TEST_MINUTES = 5;

    @Test
    void theWebAppsModulesPassEslintsRecommendedRules() throws Exception {
        installEslintIfNeeded();
        Result lint = run(
                ESLINT_MINUTES,
                "node",
                "node_modules/eslint/bin/eslint.js",
                "--max-warnings",
                "0",
                "src/main/resources/web/app");
        assertThat(lint.exitCode())
                .as("ESLint findings in src/main/resources/web/app:%n%s", lint.output())
                .isZero();
    }

    @Test
    void everyModulePassesTypeScriptsChecker() throws Exception {
        installEslintIfNeeded();
        Result check = run(TSC_MINUTES, "node", "node_modules/typescript/bin/tsc", "-p", "tsconfig.json");
        assertThat(check.exitCode())
                .as("TypeScript found type errors (tsconfig.json):%n%s", check.output())
                .isZero();
    }

    @Test
    void theFrontEndUnitTestsPassOnNodesTestRunner() throws Exception {
        installEslintIfNeeded();
        Result tests = run(NODE_TEST_MINUTES, "node", "--test", "src/test/js/");
        assertThat(tests.exitCode())
                .as("node --test src/test/js/ failed:%n%s", tests.output())
                .isZero();
        assertThat(tests.output()).containsPattern("# pass [1-9]").contains("# fail 0");
    }

    /** {@code npm ci} unless node_modules was installed from the current lock file already. */
    private static void installEslintIfNeeded() throws Exception {
        Path lock = MODULE.resolve("package-lock.json");
        Path stamp = MODULE.resolve("node_modules/" + LOCK_STAMP);
        String lockDigest = sha256(lock);
        if (Files.exists(stamp)
                && Files.readString(stamp, StandardCharsets.US_ASCII).equals(lockDigest)
                && Files.exists(MODULE.resolve("node_modules/eslint/bin/eslint.js"))
                && Files.exists(MODULE.resolve("node_modules/typescript/bin/tsc"))
                && Files.exists(MODULE.resolve("node_modules/jsdom/package.json"))) {
            return;
        }
        Result ci = run(NPM_CI_MINUTES, "npm", "ci", "--no-audit", "--no-fund");
        assertThat(ci.exitCode())
                .as("npm ci in %s failed:%n%s", MODULE, ci.output())
                .isZero();
        Files.writeString(stamp, lockDigest, StandardCharsets.US_ASCII);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private record Result(int exitCode, String output) {}

    private static Result run(long timeoutMinutes, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("frontend-lint", ".log");
        try {
            Process p;
            try {
                p = new ProcessBuilder(List.of(command))
                        .directory(MODULE.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot start " + command[0]
                                + ": the front-end lint needs node and npm (Debian: apt-get install nodejs npm)",
                        e);
            }
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(
                        -1,
                        String.join(" ", command) + " did not finish within " + timeoutMinutes + " minutes:\n"
                                + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
