package io.streambot.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;

/** Registers one closing hook per test engine run, so that servers stop when the run ends. */
final class KitExtension {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KitExtension.class);

    private KitExtension() {}

    static void registerStop(ExtensionContext context) {
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("stop-servers", key -> new StopOnClose(), StopOnClose.class);
    }

    @SuppressWarnings("deprecation")
    private static final class StopOnClose implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            SharedServers.stopAll();
        }
    }
}
