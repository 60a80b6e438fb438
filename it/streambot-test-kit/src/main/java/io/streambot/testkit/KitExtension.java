package io.streambot.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registers one closing hook per test engine run: it deletes what was created outside any test class
 * or test (the run's own scope of the {@link ResourceLedger}), then stops the servers when it was the
 * last run of the JVM.
 */
final class KitExtension {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KitExtension.class);
    /** Runs under way in this JVM: a test may start a run of its own (the kit's self-tests do). */
    private static int runs;

    private KitExtension() {}

    static void registerStop(ExtensionContext context) {
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("stop-servers", key -> new StopOnClose(), StopOnClose.class);
    }

    @SuppressWarnings("deprecation")
    private static final class StopOnClose implements ExtensionContext.Store.CloseableResource {
        private final ResourceLedger.Scope run = ResourceLedger.open("the test run");

        StopOnClose() {
            synchronized (KitExtension.class) {
                runs++;
            }
        }

        @Override
        public void close() {
            try {
                List<String> left = ResourceLedger.close(run);
                if (!left.isEmpty()) {
                    System.err.println("streambot-test-kit: could not delete what the test run created: " + left);
                }
            } finally {
                synchronized (KitExtension.class) {
                    if (--runs == 0) {
                        SharedServers.stopAll();
                    }
                }
            }
        }
    }
}
